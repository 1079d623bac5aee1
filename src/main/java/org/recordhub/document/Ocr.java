package org.recordhub.document;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import net.sourceforge.tess4j.ITessAPI;
import net.sourceforge.tess4j.ITesseract;
import net.sourceforge.tess4j.OCRResult;
import net.sourceforge.tess4j.OSDResult;
import net.sourceforge.tess4j.Tesseract;
import net.sourceforge.tess4j.TesseractException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * OCR with Tesseract (Tess4J): a pool of engines, one per thread and one thread per core,
 * so pages are read in parallel. Each page comes back as its text (with line breaks), its
 * words with their boxes and confidence, and a one-page PDF of invisible text rendered by
 * Tesseract, to lay over the original page (as OCRmyPDF's "sandwich" does). A page that
 * reads poorly has its orientation detected (OSD) and is turned upright; skew is handled
 * by Tesseract's layout analysis.
 * <p>
 * When Tesseract is not installed (the run command on a machine without
 * {@code tesseract-ocr}), {@link #available()} is false and image pages keep no text.
 */
@Component
public class Ocr implements AutoCloseable {

	/** A mean word confidence under this reads poorly: perhaps the page is turned. */
	static final int POOR = 60;

	private static final Logger logger = LoggerFactory.getLogger(Ocr.class);

	private final String datapath;

	private final String language;

	private final boolean available;

	private final ExecutorService pool;

	private final ThreadLocal<Tesseract> engines;

	Ocr(@Value("${recordhub.ocr.datapath}") String datapath, @Value("${recordhub.ocr.language}") String language,
			@Value("${recordhub.ocr.threads:0}") int threads) {
		this.datapath = datapath;
		this.language = language;
		singleThreadedEngines();
		this.available = Files.isRegularFile(Path.of(datapath, language + ".traineddata")) && libraryLoads();
		int size = (threads > 0) ? threads : Runtime.getRuntime().availableProcessors();
		AtomicInteger number = new AtomicInteger();
		this.pool = Executors.newFixedThreadPool(size, (task) -> {
			Thread thread = new Thread(task, "ocr-" + number.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.engines = ThreadLocal.withInitial(this::engine);
		if (this.available) {
			logger.info("OCR: Tesseract with {} from {}, {} engine(s)", language, datapath, size);
		}
		else {
			logger.warn(
					"OCR unavailable: no Tesseract library or no {}.traineddata in {} "
							+ "(Debian: apt-get install tesseract-ocr tesseract-ocr-{}); image pages keep no text",
					language, datapath, language);
		}
	}

	public boolean available() {
		return this.available;
	}

	/** Reads the page on one of the pool's engines. */
	public Future<Page> submit(BufferedImage image, int dpi) {
		return this.pool.submit(() -> read(image, dpi));
	}

	/**
	 * Reads the page on the calling thread's engine. Most pages are upright, so a page is
	 * read as it is first; only when that reads poorly is its orientation detected (OSD)
	 * and, when it is turned, the page is turned upright and read again.
	 */
	Page read(BufferedImage image, int dpi) throws IOException {
		if (!this.available) {
			throw new IllegalStateException("OCR is not available");
		}
		Tesseract engine = this.engines.get();
		engine.setVariable("user_defined_dpi", Integer.toString(dpi));
		Path folder = Files.createTempDirectory("recordhub-ocr");
		try {
			Path input = write(image, folder.resolve("page.tif"));
			Page page = recognise(engine, input, folder.resolve("page"));
			if (page.confidence() < POOR) {
				OSDResult orientation = engine.getOSD(input.toFile());
				if (orientation != null && orientation.getOrientDeg() != 0 && orientation.getOrientConf() > 1) {
					BufferedImage uprightImage = rotate(image, orientation.getOrientDeg());
					Page turned = recognise(engine, write(uprightImage, folder.resolve("upright.tif")),
							folder.resolve("upright"));
					if (turned.confidence() > page.confidence()) {
						return turned.upright(uprightImage);
					}
				}
			}
			return page;
		}
		catch (TesseractException ex) {
			throw new IOException("OCR failed: " + ex.getMessage(), ex);
		}
		finally {
			FileSystemUtils.deleteRecursively(folder);
		}
	}

	/**
	 * Tesseract reads the image file itself (its own Leptonica), so no image crosses JNA;
	 * it renders the one-page searchable PDF and the text in the same pass.
	 */
	private static Page recognise(Tesseract engine, Path input, Path base) throws TesseractException, IOException {
		OCRResult result = engine.createDocumentsWithResults(input.toString(), base.toString(),
				List.of(ITesseract.RenderedFormat.PDF, ITesseract.RenderedFormat.TEXT),
				ITessAPI.TessPageIteratorLevel.RIL_WORD);
		List<Word> words = result.getWords()
			.stream()
			.map((word) -> new Word(word.getText(), word.getConfidence(), word.getBoundingBox().x,
					word.getBoundingBox().y, word.getBoundingBox().width, word.getBoundingBox().height))
			.toList();
		return new Page(Files.readString(Path.of(base + ".txt"), StandardCharsets.UTF_8), words, result.getConfidence(),
				Files.readAllBytes(Path.of(base + ".pdf")), null);
	}

	private static Path write(BufferedImage image, Path file) throws IOException {
		if (!ImageIO.write(image, "tiff", file.toFile())) {
			throw new IOException("No TIFF writer for the page image");
		}
		return file;
	}

	/** Turns a page the OSD found turned by {@code degrees} (clockwise) back upright. */
	static BufferedImage rotate(BufferedImage image, int degrees) {
		int quarterTurns = ((360 - degrees) / 90) % 4;
		boolean sideways = quarterTurns % 2 == 1;
		int width = sideways ? image.getHeight() : image.getWidth();
		int height = sideways ? image.getWidth() : image.getHeight();
		BufferedImage turned = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
		java.awt.Graphics2D graphics = turned.createGraphics();
		graphics.translate(width / 2.0, height / 2.0);
		graphics.rotate(Math.toRadians(90.0 * quarterTurns));
		graphics.translate(-image.getWidth() / 2.0, -image.getHeight() / 2.0);
		graphics.drawImage(image, 0, 0, null);
		graphics.dispose();
		return turned;
	}

	private Tesseract engine() {
		Tesseract engine = new Tesseract();
		// without a datapath libtesseract crashes the JVM instead of failing
		engine.setDatapath(this.datapath);
		engine.setLanguage(this.language);
		engine.setPageSegMode(ITessAPI.TessPageSegMode.PSM_AUTO);
		engine.setOcrEngineMode(ITessAPI.TessOcrEngineMode.OEM_LSTM_ONLY);
		// the PDF renderer writes only the invisible text; it is laid over the original
		// page
		engine.setVariable("textonly_pdf", "1");
		return engine;
	}

	/**
	 * Tesseract parallelises inside a page with OpenMP; with one engine per core that
	 * only adds contention (measured here: a 300 dpi page took 18 s instead of 3 s, most
	 * of it in the kernel). OpenMP reads {@code OMP_THREAD_LIMIT} once, when the library
	 * loads, so it is set for this process before Tesseract is loaded, unless the
	 * operator set it.
	 */
	private static void singleThreadedEngines() {
		if (System.getenv("OMP_THREAD_LIMIT") != null || !Platform.isLinux()) {
			return;
		}
		try {
			Native.load("c", C.class).setenv("OMP_THREAD_LIMIT", "1", 0);
		}
		catch (LinkageError ex) {
			logger.warn("Could not set OMP_THREAD_LIMIT=1 for Tesseract; set it in the environment: {}", ex.toString());
		}
	}

	/** The C library's setenv. */
	private interface C extends Library {

		int setenv(String name, String value, int overwrite);

	}

	private static boolean libraryLoads() {
		try {
			net.sourceforge.tess4j.TessAPI.INSTANCE.TessVersion();
			return true;
		}
		catch (LinkageError ex) {
			return false;
		}
	}

	@Override
	public void close() {
		this.pool.shutdownNow();
	}

	/**
	 * A page read by OCR.
	 *
	 * @param confidence Tesseract's mean word confidence, 0 to 100
	 * @param textLayer one page of invisible text, the page's size, to lay over the page
	 * @param upright the page turned upright when it was scanned turned (the text layer
	 * fits it, not the original), else null
	 */
	public record Page(String text, List<Word> words, int confidence, byte[] textLayer, BufferedImage upright) {

		Page upright(BufferedImage image) {
			return new Page(this.text, this.words, this.confidence, this.textLayer, image);
		}
	}

	/** A word and its box in the page image's pixels. */
	public record Word(String text, float confidence, int x, int y, int width, int height) {
	}

}
