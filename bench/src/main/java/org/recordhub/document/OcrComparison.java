package org.recordhub.document;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.apache.commons.text.similarity.LevenshteinDistance;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.recordhub.sandbox.FaxMachine;
import org.springframework.util.FileSystemUtils;

/**
 * RecordHub's reading pipeline against the tools a user would pick instead, in one run:
 * OCRmyPDF ({@code --skip-text -j 2}) and the bare {@code tesseract} CLI run two at a
 * time. For each: pages per second, character error rate and word recall against the
 * ground truth ({@code <name>.txt} beside a file, when there is one), and peak memory
 * (heap for RecordHub, which runs in this JVM; the largest process RSS for the others).
 *
 * <p>
 * Without arguments the corpus is the shared scans ({@code ../shared/corpus/ocr/tesseract-test})
 * plus scans generated from the synthetic clinical notes: greyscale 300 dpi scans, fine
 * (204 x 196) and standard (204 x 98) fax TIFFs, text PDFs and PDFs that mix text and
 * scanned pages, each with its note as the transcript (kept in
 * {@code bench/target/ocr-corpus}). With folder arguments, those folders are the corpus
 * (PDF, TIFF, PNG, JPEG files). Files are compared in three sets: image files (all three
 * tools; the CLI reads no PDF), PDFs whose every page has a text layer, and other PDFs.
 *
 * <pre>
 * scripts/bench ocr [folder...]
 * </pre>
 */
public final class OcrComparison {

	private static final int WORKERS = 2;

	private static final Path NOTES = Path.of("../shared/corpus/clinical/synthea-notes/notes");

	private OcrComparison() {
	}

	public static void main(String[] args) throws Exception {
		String datapath = System.getProperty("recordhub.ocr.datapath", "/usr/share/tesseract-ocr/5/tessdata");
		List<Path> folders = new ArrayList<>();
		if (args.length > 0) {
			Stream.of(args).map(Path::of).forEach(folders::add);
		}
		else {
			folders.add(Path.of("../shared/corpus/ocr/tesseract-test"));
			folders.add(generate(NOTES, Path.of("bench/target/ocr-corpus")));
		}
		List<Path> files = new ArrayList<>();
		for (Path folder : folders) {
			try (Stream<Path> list = Files.list(folder)) {
				list.filter((f) -> f.toString().toLowerCase(Locale.ROOT).matches(".*\\.(pdf|tiff?|png|jpe?g)"))
					.sorted()
					.forEach(files::add);
			}
		}
		Map<String, List<Path>> sets = new LinkedHashMap<>();
		for (Path file : files) {
			String set = !file.toString().toLowerCase(Locale.ROOT).endsWith(".pdf") ? "image files"
					: textLayerOnly(file) ? "PDFs with a text layer on every page" : "other PDFs (scanned or mixed)";
			sets.computeIfAbsent(set, (key) -> new ArrayList<>()).add(file);
		}
		Path work = Files.createTempDirectory("ocr-comparison");
		try (Ocr ocr = new Ocr(datapath, "eng", WORKERS)) {
			System.out.printf("Corpus %s: %d files%n", folders, files.size());
			for (Map.Entry<String, List<Path>> set : sets.entrySet()) {
				List<Row> rows = new ArrayList<>();
				Map<Path, Integer> pages = new HashMap<>();
				rows.add(recordHub(set.getValue(), ocr, pages));
				if (set.getKey().equals("image files")) {
					rows.add(tesseractCli(set.getValue(), work, pages, true));
					if (Boolean.getBoolean("bench.openmp")) {
						rows.add(tesseractCli(set.getValue(), work, pages, false));
					}
				}
				rows.add(ocrmypdf(set.getValue(), work, pages));
				System.out.printf("%n%s (%d files)%n%-28s %8s %10s %8s %8s %12s%n", set.getKey(), set.getValue().size(),
						"tool", "pages", "pages/s", "CER", "recall", "peak memory");
				for (Row row : rows) {
					System.out.printf("%-28s %8d %10.3f %8.4f %8.4f %9d MB%n", row.tool(), row.pages(),
							row.pages() / row.seconds(), row.accuracy().cer(), row.accuracy().recall(), row.peakMb());
				}
			}
		}
		finally {
			FileSystemUtils.deleteRecursively(work);
		}
	}

	/**
	 * Scans of the synthetic notes with their text as the transcript: for each note in
	 * turn a greyscale 300 dpi scan, a fine fax, a standard fax, a text PDF, and a PDF
	 * whose first page is text and whose others are scanned (a record printed, partly
	 * rescanned); and all the notes as one text PDF.
	 */
	static Path generate(Path notes, Path folder) throws IOException {
		Files.createDirectories(folder);
		List<Path> sources;
		try (Stream<Path> list = Files.list(notes)) {
			sources = list.filter((f) -> f.toString().endsWith(".txt")).sorted().toList();
		}
		// every note as text pages in one record too, for a text-layer rate over many pages
		List<String> all = new ArrayList<>();
		for (Path source : sources) {
			all.add(Files.readString(source));
		}
		Files.write(folder.resolve("all-notes-text.pdf"), TextPdf.render("Notes", String.join("\f", all)));
		Files.writeString(folder.resolve("all-notes-text.txt"), String.join("\n", all).replaceAll("(?m)^# ", ""));
		for (int i = 0; i < sources.size(); i++) {
			String note = Files.readString(sources.get(i));
			String name = sources.get(i).getFileName().toString().replace(".txt", "");
			byte[] pdf = TextPdf.render("Note", note);
			String kind;
			byte[] file;
			switch (i % 5) {
				case 0 -> {
					kind = "scan-300dpi.tif";
					file = FaxMachine.scan(pdf, 300);
				}
				case 1 -> {
					kind = "fax-fine.tif";
					file = FaxMachine.fax(pdf, 204, 196);
				}
				case 2 -> {
					kind = "fax-standard.tif";
					file = FaxMachine.fax(pdf, 204, 98);
				}
				case 3 -> {
					kind = "text.pdf";
					file = pdf;
				}
				default -> {
					kind = "mixed.pdf";
					file = mixed(note);
				}
			}
			Files.write(folder.resolve(name + "-" + kind), file);
			// the transcript is what the page shows: headings without their mark
			Files.writeString(folder.resolve(name + "-" + kind.substring(0, kind.indexOf('.')) + ".txt"),
					note.replaceAll("(?m)^# ", ""));
		}
		return folder;
	}

	/** The note with a page break after its first third: page 1 text, the rest scanned. */
	private static byte[] mixed(String note) throws IOException {
		List<String> lines = note.lines().toList();
		int cut = lines.size() / 3;
		byte[] text = TextPdf.render("Note", String.join("\n", lines.subList(0, cut)));
		byte[] scanned = TextPdf.render("Note", String.join("\n", lines.subList(cut, lines.size())));
		try (PDDocument out = Loader.loadPDF(text); PDDocument rest = Loader.loadPDF(scanned);
				ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
			PDFRenderer renderer = new PDFRenderer(rest);
			for (int i = 0; i < rest.getNumberOfPages(); i++) {
				PDImageXObject image = LosslessFactory.createFromImage(out,
						renderer.renderImageWithDPI(i, 300, ImageType.GRAY));
				PDPage page = new PDPage(PDRectangle.LETTER);
				out.addPage(page);
				try (PDPageContentStream content = new PDPageContentStream(out, page)) {
					content.drawImage(image, 0, 0, PDRectangle.LETTER.getWidth(), PDRectangle.LETTER.getHeight());
				}
			}
			out.save(bytes);
			return bytes.toByteArray();
		}
	}

	private static boolean textLayerOnly(Path pdf) throws IOException {
		try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
			PDFTextStripper stripper = new PDFTextStripper();
			for (int i = 1; i <= document.getNumberOfPages(); i++) {
				stripper.setStartPage(i);
				stripper.setEndPage(i);
				if (stripper.getText(document).chars().filter(Character::isLetter).count() < 20) {
					return false;
				}
			}
			return true;
		}
	}

	/**
	 * Files are read two at a time, as the process stage's consumers do, on one shared
	 * pool of two engines.
	 */
	private static Row recordHub(List<Path> files, Ocr ocr, Map<Path, Integer> pageCounts) throws Exception {
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

	/**
	 * The CLI two processes at a time; with {@code OMP_THREAD_LIMIT=1} (as OCRmyPDF runs
	 * it) or with OpenMP's default of a thread per core in each process.
	 */
	private static Row tesseractCli(List<Path> files, Path work, Map<Path, Integer> pageCounts, boolean singleThread)
			throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
		Map<Path, Future<Long>> runs = new HashMap<>();
		long start = System.nanoTime();
		for (Path file : files) {
			Path out = work.resolve("cli-" + singleThread + "-" + file.getFileName());
			List<String> command = new ArrayList<>();
			// this JVM set OMP_THREAD_LIMIT=1 for its own engines; the default row unsets it
			command.addAll(singleThread ? List.of("env", "OMP_THREAD_LIMIT=1") : List.of("env", "-u", "OMP_THREAD_LIMIT"));
			command.addAll(List.of("tesseract", file.toString(), out.toString()));
			runs.put(file, pool.submit(() -> run(work, command)));
		}
		Map<Path, String> texts = new HashMap<>();
		long peak = 0;
		int pages = 0;
		for (Map.Entry<Path, Future<Long>> run : runs.entrySet()) {
			peak = Math.max(peak, run.getValue().get());
			Path text = work.resolve("cli-" + singleThread + "-" + run.getKey().getFileName() + ".txt");
			texts.put(run.getKey(), Files.exists(text) ? Files.readString(text) : "");
			pages += pageCounts.getOrDefault(run.getKey(), 1);
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		pool.shutdown();
		return new Row(singleThread ? "tesseract CLI, 2 at a time" : "same, OpenMP default", pages, seconds,
				accuracy(texts), peak / 1024);
	}

	/**
	 * OCRmyPDF file by file (it parallelises pages itself); the text is read from the PDF
	 * it writes, after the clock stops (its sidecar leaves out the pages it skipped as
	 * text).
	 */
	private static Row ocrmypdf(List<Path> files, Path work, Map<Path, Integer> pageCounts) throws Exception {
		Map<Path, Path> outputs = new HashMap<>();
		long peak = 0;
		int pages = 0;
		long start = System.nanoTime();
		for (Path file : files) {
			Path output = work.resolve("ocrmypdf-" + file.getFileName() + ".pdf");
			List<String> command = new ArrayList<>(
					List.of("ocrmypdf", "--skip-text", "-j", "2", "--output-type", "pdf"));
			if (!file.toString().toLowerCase(Locale.ROOT).endsWith(".pdf")) {
				command.addAll(List.of("--image-dpi", "300"));
			}
			command.addAll(List.of(file.toString(), output.toString()));
			peak = Math.max(peak, run(work, command));
			outputs.put(file, output);
			pages += pageCounts.getOrDefault(file, 1);
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		Map<Path, String> texts = new HashMap<>();
		for (Map.Entry<Path, Path> output : outputs.entrySet()) {
			if (Files.exists(output.getValue())) {
				try (PDDocument document = Loader.loadPDF(output.getValue().toFile())) {
					texts.put(output.getKey(), new PDFTextStripper().getText(document));
				}
			}
			else {
				texts.put(output.getKey(), "");
			}
		}
		return new Row("OCRmyPDF (--skip-text -j 2)", pages, seconds, accuracy(texts), peak / 1024);
	}

	/** Runs the command under /usr/bin/time; its peak RSS in kB. */
	private static long run(Path work, List<String> command) throws IOException, InterruptedException {
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
		return kb;
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

	private record Accuracy(double cer, double recall) {
	}

	private record Row(String tool, int pages, double seconds, Accuracy accuracy, long peakMb) {
	}

}
