package org.recordhub.document;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.multipdf.PDFMergerUtility;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.multipdf.LayerUtility;
import org.apache.pdfbox.util.Matrix;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * Reads a received file page by page into a searchable PDF, as OCRmyPDF does: a page
 * whose own text layer is usable is kept as it is; any other page is OCR'd (pages in
 * parallel on the {@link Ocr} pool) and keeps its own image (fax pages stay Group 4),
 * with Tesseract's invisible text laid over it, so a reviewer can search and select its
 * text. Pages go through temporary files one at a time, so a long scanned record does not
 * have to fit in memory.
 */
@Component
public class RecordReader {

	/** A text layer with fewer letters than this is a scan's, or none. */
	static final int USABLE_LETTERS = 20;

	private static final Logger logger = LoggerFactory.getLogger(RecordReader.class);

	private final Ocr ocr;

	/** Longest a file may go without a page read before it is given up. */
	private final Duration stall;

	/**
	 * Files being read, each on a thread of its own, so a runaway file holds no stage.
	 */
	private final ExecutorService reading = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "read-file");
		thread.setDaemon(true);
		return thread;
	});

	@Autowired
	RecordReader(Ocr ocr, @Value("${recordhub.documents.read-timeout:2m}") Duration stall) {
		this.ocr = ocr;
		this.stall = stall;
	}

	RecordReader(Ocr ocr) {
		this(ocr, Duration.ofMinutes(2));
	}

	@PreDestroy
	void stopReading() {
		this.reading.shutdownNow();
	}

	/**
	 * The file as a searchable PDF with each page's text.
	 * @throws UnreadableFileException when the file cannot be read, with the reason
	 */
	public Read read(byte[] content) {
		return read(content, Set.of());
	}

	/**
	 * The file as a searchable PDF with each page's text, leaving out pages whose
	 * {@link PageText#fingerprint() fingerprint} is among {@code earlier} (the pages of
	 * the leg's files read before) or repeats an earlier page of this file.
	 * @throws UnreadableFileException when the file cannot be read, with the reason
	 */
	public Read read(byte[] content, Set<String> earlier) {
		AtomicInteger progress = new AtomicInteger();
		Future<Read> reading = this.reading.submit(() -> readNow(content, earlier, progress));
		int seen = -1;
		while (true) {
			try {
				return reading.get(this.stall.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				// given up only when no page was read in the whole wait: a long record
				// that moves on is read to its end
				if (progress.get() == seen) {
					reading.cancel(true);
					logger.warn("Reading a file was given up: no page read in {} s", this.stall.toSeconds());
					throw new UnreadableFileException("No page of it could be read in " + this.stall.toSeconds()
							+ " s (recordhub.documents.read-timeout): a PDF whose pages loop, or a page too costly "
							+ "to draw; given up at page " + (progress.get() + 1));
				}
				seen = progress.get();
			}
			catch (ExecutionException ex) {
				if (ex.getCause() instanceof UnreadableFileException unreadable) {
					throw unreadable;
				}
				if (ex.getCause() instanceof Error error && !(error instanceof StackOverflowError)) {
					throw error;
				}
				throw new UnreadableFileException(UnreadableFileException.describe(ex.getCause()));
			}
			catch (InterruptedException ex) {
				reading.cancel(true);
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while reading a file", ex);
			}
		}
	}

	private Read readNow(byte[] content, Set<String> earlier, AtomicInteger progress) {
		Path folder = null;
		try (RecordPages pages = RecordPages.open(content)) {
			folder = Files.createTempDirectory("recordhub-read");
			Output output = new Output(earlier);
			Deque<Pending> window = new ArrayDeque<>();
			int inFlight = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);
			for (int i = 0; i < pages.count(); i++) {
				if (Thread.currentThread().isInterrupted()) {
					// given up (it took too long): stop between pages
					throw new UnreadableFileException("Reading was given up at page " + (i + 1));
				}
				window.add(start(pages, i, folder));
				while (window.size() >= inFlight) {
					finish(pages, window.poll(), output);
					progress.incrementAndGet();
				}
			}
			while (!window.isEmpty()) {
				finish(pages, window.poll(), output);
				progress.incrementAndGet();
			}
			return new Read(output.files.isEmpty() ? null : merge(output.files, folder), output.texts,
					output.duplicates);
		}
		catch (IOException ex) {
			throw new UnreadableFileException("Corrupt or truncated file: "
					+ ((ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName()));
		}
		finally {
			if (folder != null) {
				FileSystemUtils.deleteRecursively(folder.toFile());
			}
		}
	}

	private Pending start(RecordPages pages, int index, Path folder) throws IOException {
		Path file = folder.resolve(String.format("page-%06d.pdf", index));
		String layer = pages.text(index);
		if (letters(layer) >= USABLE_LETTERS) {
			try (PDDocument single = new PDDocument()) {
				pages.copy(single, index);
				single.save(file.toFile());
			}
			return new Pending(index, file,
					CompletableFuture.completedFuture(new PageText(index + 1, layer, Source.TEXT_LAYER, 100)), null, 0,
					null);
		}
		if (!this.ocr.available()) {
			try (PDDocument single = new PDDocument()) {
				pages.copy(single, index);
				single.save(file.toFile());
			}
			return new Pending(index, file,
					CompletableFuture.completedFuture(new PageText(index + 1, "", Source.NONE, 0)), null, 0,
					pixels(pages.image(index).image()));
		}
		RecordPages.Image image = squarePixels(pages.image(index));
		return new Pending(index, file, null, this.ocr.submit(image.image(), image.dpiX()), image.dpiX(),
				pixels(image.image()));
	}

	private static void finish(RecordPages pages, Pending pending, Output output) throws IOException {
		try {
			PageText text;
			if (pending.ocr() != null) {
				Ocr.Page page = pending.ocr().get();
				writeSandwich(pages, pending, page);
				text = new PageText(pending.index() + 1, page.text(), Source.OCR, page.confidence(), page.words(),
						null);
			}
			else {
				text = pending.done().get();
			}
			output.add(text, pending.file(), pending.pixels());
		}
		catch (ExecutionException ex) {
			throw new IOException("Page " + (pending.index() + 1) + ": " + ex.getCause().getMessage(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while reading page " + (pending.index() + 1), ex);
		}
	}

	/**
	 * The pages kept, numbered as in the searchable PDF: a page that repeats an earlier
	 * one (a fax page sent twice, a record copied twice, a page of a file received
	 * before) is left out and counted. Pages are the same when their text is (whitespace,
	 * case and punctuation aside), or, for pages with too little text to tell, their
	 * pixels.
	 */
	private static final class Output {

		final List<PageText> texts = new ArrayList<>();

		final List<Path> files = new ArrayList<>();

		final Set<String> seen;

		int duplicates;

		Output(Set<String> earlier) {
			this.seen = new HashSet<>(earlier);
		}

		void add(PageText page, Path file, String pixels) {
			String normalised = page.text().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
			String fingerprint = (letters(normalised) >= USABLE_LETTERS)
					? "text:" + DocumentStore.sha256(normalised.getBytes(StandardCharsets.UTF_8))
					: ((pixels != null) ? "pixels:" + pixels : null);
			if (fingerprint != null && !this.seen.add(fingerprint)) {
				this.duplicates++;
				return;
			}
			this.texts.add(new PageText(this.texts.size() + 1, page.text(), page.source(), page.confidence(),
					page.words(), fingerprint));
			this.files.add(file);
		}

	}

	/** SHA-256 of the image's size and pixels. */
	static String pixels(BufferedImage image) {
		MessageDigest digest = DocumentStore.sha256Digest();
		digest.update(ByteBuffer.allocate(12)
			.putInt(image.getWidth())
			.putInt(image.getHeight())
			.putInt(image.getType())
			.flip());
		DataBuffer buffer = image.getRaster().getDataBuffer();
		if (buffer instanceof DataBufferByte bytes) {
			for (int bank = 0; bank < bytes.getNumBanks(); bank++) {
				digest.update(bytes.getData(bank));
			}
		}
		else {
			int[] row = new int[image.getWidth()];
			ByteBuffer rowBytes = ByteBuffer.allocate(row.length * 4);
			for (int y = 0; y < image.getHeight(); y++) {
				image.getRGB(0, y, row.length, 1, row, 0, row.length);
				rowBytes.clear();
				rowBytes.asIntBuffer().put(row);
				digest.update(rowBytes);
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static byte[] merge(List<Path> pageFiles, Path folder) throws IOException {
		Path merged = folder.resolve("searchable.pdf");
		PDFMergerUtility merger = new PDFMergerUtility();
		for (Path page : pageFiles) {
			merger.addSource(page.toFile());
		}
		merger.setDestinationFileName(merged.toString());
		merger.mergeDocuments(IOUtils.createTempFileOnlyStreamCache());
		return Files.readAllBytes(merged);
	}

	/**
	 * Fax pages are often 204 x 98 dpi: stretched to square pixels, as OCR and page sizes
	 * expect.
	 */
	static RecordPages.Image squarePixels(RecordPages.Image page) {
		if (page.dpiX() == page.dpiY()) {
			return page;
		}
		int dpi = Math.max(page.dpiX(), page.dpiY());
		int width = Math.round(page.image().getWidth() * (float) dpi / page.dpiX());
		int height = Math.round(page.image().getHeight() * (float) dpi / page.dpiY());
		BufferedImage square = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
		Graphics2D graphics = square.createGraphics();
		graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
		graphics.drawImage(page.image(), 0, 0, width, height, null);
		graphics.dispose();
		return new RecordPages.Image(square, dpi, dpi);
	}

	/**
	 * The page as received with Tesseract's invisible text laid over it, stretched to the
	 * page's size; a page that was scanned turned is replaced by its upright image, which
	 * the text fits.
	 */
	private static void writeSandwich(RecordPages pages, Pending pending, Ocr.Page ocr) throws IOException {
		try (PDDocument single = new PDDocument(); PDDocument text = Loader.loadPDF(ocr.textLayer())) {
			PDPage page;
			if (ocr.upright() != null) {
				page = RecordPages.imagePage(single, RecordPages.lossless(single, ocr.upright()), pending.dpi(),
						pending.dpi());
			}
			else {
				page = pages.copy(single, pending.index());
			}
			PDFormXObject layer = new LayerUtility(single).importPageAsForm(text, 0);
			PDRectangle box = page.getMediaBox();
			PDRectangle drawn = layer.getBBox();
			try (PDPageContentStream content = new PDPageContentStream(single, page,
					PDPageContentStream.AppendMode.APPEND, true, true)) {
				content.saveGraphicsState();
				content.transform(new Matrix(box.getWidth() / drawn.getWidth(), 0, 0,
						box.getHeight() / drawn.getHeight(), box.getLowerLeftX(), box.getLowerLeftY()));
				content.drawForm(layer);
				content.restoreGraphicsState();
			}
			single.save(pending.file().toFile());
		}
	}

	private static int letters(String text) {
		int letters = 0;
		for (int i = 0; i < text.length(); i++) {
			if (Character.isLetter(text.charAt(i))) {
				letters++;
			}
		}
		return letters;
	}

	/** Where a page's text came from. */
	public enum Source {

		/** The PDF's own text layer. */
		TEXT_LAYER,
		/** Tesseract. */
		OCR,
		/** Neither: an image page without OCR. */
		NONE

	}

	/**
	 * A page's text.
	 *
	 * @param number 1-based
	 * @param confidence 100 for a text layer; Tesseract's mean word confidence for OCR
	 * @param fingerprint what makes two pages the same: a hash of the text, or of the
	 * pixels of a page with little text; {@code null} when unknown
	 */
	public record PageText(int number, String text, Source source, int confidence, List<Ocr.Word> words,
			String fingerprint) {

		PageText(int number, String text, Source source, int confidence) {
			this(number, text, source, confidence, List.of(), null);
		}

	}

	/**
	 * A file read: the searchable PDF and its pages' text.
	 *
	 * @param searchablePdf {@code null} when every page repeats an earlier one
	 * @param duplicates pages left out because they repeat an earlier page
	 */
	public record Read(byte[] searchablePdf, List<PageText> pages, int duplicates) {

		public String text() {
			StringBuilder text = new StringBuilder();
			for (PageText page : this.pages) {
				text.append(page.text()).append('\f');
			}
			return text.toString();
		}

		public long ocrPages() {
			return this.pages.stream().filter((page) -> page.source() == Source.OCR).count();
		}

		/** Mean OCR confidence over the OCR'd pages, or -1 when none was. */
		public int ocrConfidence() {
			return (int) Math.round(this.pages.stream()
				.filter((page) -> page.source() == Source.OCR)
				.mapToInt(PageText::confidence)
				.average()
				.orElse(-1));
		}

	}

	/**
	 * A page on its way: done, or being OCR'd from an image of {@code dpi} square pixels;
	 * {@code pixels} fingerprints its image when it has no text layer.
	 */
	private record Pending(int index, Path file, CompletableFuture<PageText> done, Future<Ocr.Page> ocr, int dpi,
			String pixels) {
	}

}
