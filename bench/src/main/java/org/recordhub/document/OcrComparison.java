package org.recordhub.document;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.apache.commons.text.similarity.LevenshteinDistance;
import org.springframework.util.FileSystemUtils;

/**
 * RecordHub's reading pipeline against the tools a user would pick instead, on one corpus
 * folder in one run: OCRmyPDF ({@code --skip-text -j 2}) and the bare {@code tesseract}
 * CLI run two at a time. For each: pages per second, character error rate and word recall
 * against the ground truth ({@code <name>.txt} beside a file, when there is one), and peak
 * memory (heap for RecordHub, which runs in this JVM; the largest process RSS for the
 * others). Files: PDF, TIFF, PNG, JPEG.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.recordhub.document.OcrComparison ../shared/corpus/ocr/tesseract-test
 * </pre>
 */
public final class OcrComparison {

	private static final int WORKERS = 2;

	private OcrComparison() {
	}

	public static void main(String[] args) throws Exception {
		Path corpus = Path.of((args.length > 0) ? args[0] : "../shared/corpus/ocr/tesseract-test");
		String datapath = System.getProperty("recordhub.ocr.datapath", "/usr/share/tesseract-ocr/5/tessdata");
		List<Path> files;
		try (Stream<Path> list = Files.list(corpus)) {
			files = list.filter((f) -> f.toString().toLowerCase(Locale.ROOT).matches(".*\\.(pdf|tiff?|png|jpe?g)"))
				.sorted()
				.toList();
		}
		Path work = Files.createTempDirectory("ocr-comparison");
		try {
			System.out.printf("Corpus %s: %d files%n%n", corpus, files.size());
			List<Row> rows = new ArrayList<>();
			Map<Path, Integer> pages = new HashMap<>();
			rows.add(recordHub(files, datapath, pages));
			rows.add(tesseractCli(files, work, pages, true));
			rows.add(tesseractCli(files, work, pages, false));
			rows.add(ocrmypdf(files, work, pages));
			System.out.printf("%-28s %8s %10s %8s %8s %12s%n", "tool", "pages", "pages/s", "CER", "recall",
					"peak memory");
			for (Row row : rows) {
				System.out.printf("%-28s %8d %10.3f %8.4f %8.4f %9d MB%n", row.tool(), row.pages(),
						row.pages() / row.seconds(), row.accuracy().cer(), row.accuracy().recall(), row.peakMb());
			}
		}
		finally {
			FileSystemUtils.deleteRecursively(work);
		}
	}

	/**
	 * Files are read two at a time, as the process stage's consumers do, on one shared
	 * pool of two engines.
	 */
	private static Row recordHub(List<Path> files, String datapath, Map<Path, Integer> pageCounts)
			throws Exception {
		try (Ocr ocr = new Ocr(datapath, "eng", WORKERS)) {
			RecordReader reader = new RecordReader(ocr);
			// warm-up: the engines load their models once per thread
			reader.read(Files.readAllBytes(files.get(0)));
			System.gc();
			ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
			ExecutorService readers = Executors.newFixedThreadPool(WORKERS);
			Map<Path, Future<RecordReader.Read>> reads = new HashMap<>();
			long start = System.nanoTime();
			for (Path file : files) {
				reads.put(file, readers.submit(() -> reader.read(Files.readAllBytes(file))));
			}
			Map<Path, String> texts = new HashMap<>();
			int pages = 0;
			for (Map.Entry<Path, Future<RecordReader.Read>> read : reads.entrySet()) {
				RecordReader.Read done = read.getValue().get();
				pages += done.pages().size();
				pageCounts.put(read.getKey(), done.pages().size());
				texts.put(read.getKey(), done.text());
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			readers.shutdown();
			long peak = ManagementFactory.getMemoryPoolMXBeans()
				.stream()
				.filter((pool) -> pool.getType() == MemoryType.HEAP)
				.mapToLong((pool) -> pool.getPeakUsage().getUsed())
				.sum();
			return new Row("RecordHub (2 engines)", pages, seconds, accuracy(texts), peak / (1024 * 1024));
		}
	}

	/**
	 * The CLI two processes at a time; with {@code OMP_THREAD_LIMIT=1} (as OCRmyPDF runs
	 * it) or with OpenMP's default of a thread per core in each process.
	 */
	private static Row tesseractCli(List<Path> files, Path work, Map<Path, Integer> pageCounts, boolean singleThread)
			throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
		Map<Path, Future<Run>> runs = new HashMap<>();
		long start = System.nanoTime();
		for (Path file : files) {
			if (file.toString().toLowerCase(Locale.ROOT).endsWith(".pdf")) {
				continue; // the CLI reads images only
			}
			Path out = work.resolve("cli-" + singleThread + "-" + file.getFileName());
			List<String> command = new ArrayList<>();
			// this JVM set OMP_THREAD_LIMIT=1 for its own engines; the default row unsets it
			command.addAll(singleThread ? List.of("env", "OMP_THREAD_LIMIT=1") : List.of("env", "-u", "OMP_THREAD_LIMIT"));
			command.addAll(List.of("tesseract", file.toString(), out.toString()));
			runs.put(file, pool.submit(() -> run(work, command, Path.of(out + ".txt"))));
		}
		Map<Path, String> texts = new HashMap<>();
		long peak = 0;
		int pages = 0;
		for (Map.Entry<Path, Future<Run>> run : runs.entrySet()) {
			Run done = run.getValue().get();
			texts.put(run.getKey(), done.text());
			peak = Math.max(peak, done.peakKb());
			pages += pageCounts.getOrDefault(run.getKey(), 1);
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		pool.shutdown();
		return new Row(singleThread ? "tesseract CLI, 2 at a time" : "same, OpenMP default", pages, seconds,
				accuracy(texts), peak / 1024);
	}

	private static Row ocrmypdf(List<Path> files, Path work, Map<Path, Integer> pageCounts) throws Exception {
		Map<Path, String> texts = new HashMap<>();
		long peak = 0;
		int pages = 0;
		long start = System.nanoTime();
		for (Path file : files) {
			Path sidecar = work.resolve("ocrmypdf-" + file.getFileName() + ".txt");
			List<String> command = new ArrayList<>(List.of("ocrmypdf", "--skip-text", "-j", "2", "--sidecar",
					sidecar.toString(), "--output-type", "pdf"));
			if (!file.toString().toLowerCase(Locale.ROOT).endsWith(".pdf")) {
				command.addAll(List.of("--image-dpi", "300"));
			}
			command.addAll(List.of(file.toString(), work.resolve("ocrmypdf-" + file.getFileName() + ".pdf").toString()));
			Run done = run(work, command, sidecar);
			texts.put(file, done.text());
			peak = Math.max(peak, done.peakKb());
			pages += pageCounts.getOrDefault(file, 1);
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		return new Row("OCRmyPDF (--skip-text -j 2)", pages, seconds, accuracy(texts), peak / 1024);
	}

	/** Runs the command under /usr/bin/time for its peak RSS; the text it wrote. */
	private static Run run(Path work, List<String> command, Path text) throws IOException, InterruptedException {
		Path memory = Files.createTempFile(work, "rss", ".txt");
		List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-f", "%M", "-o", memory.toString()));
		timed.addAll(command);
		Process process = new ProcessBuilder(timed).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		int exit = process.waitFor();
		if (exit != 0) {
			System.out.printf("  %s exited with %d%n", String.join(" ", command), exit);
		}
		String rss = Files.readString(memory).strip();
		long kb = rss.isEmpty() ? 0 : Long.parseLong(rss.lines().reduce((a, b) -> b).orElse("0").trim());
		return new Run(Files.exists(text) ? Files.readString(text) : "", kb);
	}

	/** Character error rate and word recall over the files that have a transcript. */
	private static Accuracy accuracy(Map<Path, String> texts) throws IOException {
		long edits = 0;
		long characters = 0;
		long found = 0;
		long words = 0;
		for (Map.Entry<Path, String> text : texts.entrySet()) {
			String name = text.getKey().getFileName().toString();
			Path truth = text.getKey().resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".txt");
			if (!Files.exists(truth)) {
				continue;
			}
			String expected = Files.readString(truth).replaceAll("\\s+", " ").strip();
			String actual = text.getValue().replaceAll("\\s+", " ").strip();
			edits += LevenshteinDistance.getDefaultInstance().apply(actual, expected);
			characters += expected.length();
			Map<String, Integer> available = new HashMap<>();
			for (String word : words(actual)) {
				available.merge(word, 1, Integer::sum);
			}
			for (String word : words(expected)) {
				words++;
				if (available.getOrDefault(word, 0) > 0) {
					available.merge(word, -1, Integer::sum);
					found++;
				}
			}
		}
		return new Accuracy((characters > 0) ? (double) edits / characters : Double.NaN,
				(words > 0) ? (double) found / words : Double.NaN);
	}

	private static List<String> words(String text) {
		return Stream.of(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).filter((w) -> !w.isEmpty()).toList();
	}

	private record Run(String text, long peakKb) {
	}

	private record Accuracy(double cer, double recall) {
	}

	private record Row(String tool, int pages, double seconds, Accuracy accuracy, long peakMb) {
	}

}
