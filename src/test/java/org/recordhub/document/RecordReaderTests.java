package org.recordhub.document;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.apache.commons.text.similarity.LevenshteinDistance;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.recordhub.channel.fax.FaxCoverSheet;
import org.recordhub.sandbox.FaxMachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reading records with the real Tesseract (Debian's tesseract-ocr, installed by the test
 * command) on the shared OCR corpus: scans with their transcripts.
 */
class RecordReaderTests {

	private static final Path CORPUS = Path.of("../shared/corpus/ocr/tesseract-test");

	private static final Ocr OCR = new Ocr("/usr/share/tesseract-ocr/5/tessdata", "eng", 2);

	private final RecordReader reader = new RecordReader(OCR);

	@AfterAll
	static void closeEngines() {
		OCR.close();
	}

	@Test
	void shouldFindTesseractInstalled() {
		assertThat(OCR.available()).as("tesseract-ocr and tesseract-ocr-eng (scripts/test installs them)").isTrue();
	}

	@Test
	void shouldOcrAScannedPageIntoASearchablePdfWithinTheErrorBound() throws IOException {
		RecordReader.Read read = this.reader.read(Files.readAllBytes(CORPUS.resolve("phototest.tif")));
		assertThat(read.pages()).hasSize(1);
		RecordReader.PageText page = read.pages().get(0);
		assertThat(page.source()).isEqualTo(RecordReader.Source.OCR);
		assertThat(page.confidence()).isGreaterThan(80);
		assertThat(page.words()).isNotEmpty()
			.allSatisfy((word) -> assertThat(word.width()).isPositive())
			.anySatisfy((word) -> assertThat(word.text()).isEqualTo("quick"));
		double cer = cer(page.text(), Files.readString(CORPUS.resolve("phototest.txt")));
		assertThat(cer).as("character error rate").isLessThan(0.03);
		// a reviewer can search and select the text: PDFBox finds it in the PDF
		try (PDDocument searchable = Loader.loadPDF(read.searchablePdf())) {
			assertThat(searchable.getNumberOfPages()).isEqualTo(1);
			assertThat(new PDFTextStripper().getText(searchable)).contains("quick brown dog");
			assertThat(searchable.getPage(0).getResources().getXObjectNames()).isNotEmpty();
		}
	}

	@Test
	void shouldTurnASidewaysScanUprightBeforeReadingIt() throws IOException {
		// phototest.tif scanned sideways: read as it lies, it is gibberish
		RecordReader.Read read = this.reader.read(Files.readAllBytes(CORPUS.resolve("phototestrot.tif")));
		double cer = cer(read.text(), Files.readString(CORPUS.resolve("phototest.txt")));
		assertThat(cer).as("character error rate against the upright page's transcript").isLessThan(0.05);
	}

	@Test
	void shouldOcrBilevelFaxLikeScansWithinTheErrorBound() throws IOException {
		// the bare tesseract CLI scores 0.078 and 0.094 on these two (its layout differs
		// from the transcripts' in places): RecordHub must do no worse
		for (String scan : List.of("8087_054.3B", "8071_093.3B")) {
			RecordReader.Read read = this.reader.read(Files.readAllBytes(CORPUS.resolve(scan + ".tif")));
			double cer = cer(read.text(), Files.readString(CORPUS.resolve(scan + ".txt")));
			assertThat(cer).as(scan + " character error rate").isLessThanOrEqualTo(0.095);
		}
	}

	@Test
	void shouldKeepAUsableTextLayerWithoutOcr() {
		byte[] pdf = TextPdf.render("Record",
				"Patient: Jane Doe\nDate of service: 2023-05-01\nDischarge summary follows.");
		RecordReader.Read read = this.reader.read(pdf);
		assertThat(read.pages()).singleElement()
			.satisfies((page) -> assertThat(page.source()).isEqualTo(RecordReader.Source.TEXT_LAYER));
		assertThat(read.text()).contains("Patient: Jane Doe");
		assertThat(read.ocrPages()).isZero();
	}

	@Test
	void shouldLeaveOutAPageThatRepeatsAnEarlierOneAndCountIt() throws IOException {
		String note = "Patient: Jane Doe\nDate of service: 2023-05-01\nProgress note: stable, no changes.";
		byte[] record = TextPdf.render("Record", note + "\f" + "Discharge summary: home in good condition.\f" + note);
		RecordReader.Read read = this.reader.read(record);
		assertThat(read.duplicates()).isEqualTo(1);
		assertThat(read.pages()).extracting(RecordReader.PageText::number).containsExactly(1, 2);
		try (PDDocument searchable = Loader.loadPDF(read.searchablePdf())) {
			assertThat(searchable.getNumberOfPages()).isEqualTo(2);
		}
	}

	@Test
	void shouldLeaveOutPagesOfAFileThatRepeatPagesReadBeforeByTextOrByPixels() throws IOException {
		String note = "Patient: Jane Doe\nDate of service: 2023-05-01\nProgress note: stable, no changes.";
		BufferedImage sketch = new BufferedImage(400, 300, BufferedImage.TYPE_BYTE_GRAY);
		sketch.getGraphics().drawOval(50, 50, 300, 200);
		byte[] drawing = png(sketch);
		RecordReader.Read first = this.reader.read(TextPdf.render("Record", note));
		RecordReader.Read picture = this.reader.read(drawing);
		assertThat(first.pages().get(0).fingerprint()).startsWith("text:");
		assertThat(picture.pages().get(0).fingerprint()).as("too little text to tell pages apart by")
			.startsWith("pixels:");
		java.util.Set<String> before = java.util.Set.of(first.pages().get(0).fingerprint(),
				picture.pages().get(0).fingerprint());

		RecordReader.Read resent = this.reader
			.read(TextPdf.render("Resent", "Discharge summary: home in good condition.\f" + note), before);
		assertThat(resent.duplicates()).isEqualTo(1);
		assertThat(resent.text()).contains("Discharge summary").doesNotContain("Progress note");
		RecordReader.Read drawnAgain = this.reader.read(drawing, before);
		assertThat(drawnAgain.pages()).isEmpty();
		assertThat(drawnAgain.searchablePdf()).as("nothing left to deliver").isNull();
		sketch.getGraphics().drawLine(0, 0, 400, 300);
		assertThat(this.reader.read(png(sketch), before).pages()).as("another drawing").hasSize(1);
	}

	@Test
	void shouldReadAMultiPageFaxAtStandardResolutionAndFindTheCoverSheetsCode() throws IOException {
		byte[] fax = FaxCoverSheet.fax("request-1", "0b5f6c1e-6a0e-4b7f-9a3e-1d2c3b4a5f60", "Riverside Clinic",
				"Smith & Lee LLP",
				List.of(TextPdf.render("Record", "Patient: Jane Doe\nDate of service: 2023-05-01\nProgress note.")));
		byte[] tiff = FaxMachine.fax(fax, 204, 98);
		assertThat(CoverSheets.legId(tiff)).contains("0b5f6c1e-6a0e-4b7f-9a3e-1d2c3b4a5f60");
		RecordReader.Read read = this.reader.read(tiff);
		assertThat(read.pages()).hasSize(2)
			.allSatisfy((page) -> assertThat(page.source()).isEqualTo(RecordReader.Source.OCR));
		assertThat(read.text()).contains("Jane Doe", "Progress note");
	}

	@Test
	void shouldRefuseBadFilesWithAReasonAPersonUnderstands() throws IOException {
		byte[] pdf = TextPdf.render("Record", "Some text that is long enough to be a text layer.");
		assertThatThrownBy(() -> this.reader.read(Arrays.copyOf(pdf, pdf.length / 3)))
			.isInstanceOf(UnreadableFileException.class)
			.hasMessageStartingWith("Corrupt or truncated");
		assertThatThrownBy(() -> this.reader.read(encrypted(pdf))).isInstanceOf(UnreadableFileException.class)
			.hasMessageStartingWith("Encrypted PDF");
		assertThatThrownBy(() -> this.reader.read(noPages())).isInstanceOf(UnreadableFileException.class)
			.hasMessage("The PDF has no pages");
		assertThatThrownBy(() -> this.reader.read(pngClaiming(200_000, 200_000)))
			.isInstanceOf(UnreadableFileException.class)
			.hasMessageContaining("decompression bomb");
		assertThatThrownBy(() -> this.reader.read("just some text".getBytes()))
			.isInstanceOf(UnreadableFileException.class)
			.hasMessage("Not a PDF, TIFF, PNG, JPEG, C-CDA or ZIP file");
	}

	@Test
	void shouldRefuseAPdfWhosePageTreeLoopsWithAReasonInsteadOfFailing() {
		assertThatThrownBy(() -> this.reader.read(HostilePdfs.cyclicPageTree()))
			.isInstanceOf(UnreadableFileException.class)
			.hasMessageStartingWith("It could not be read: Possible recursion found");
	}

	@Test
	void shouldRefuseAPageThatDrawsAnImageLargerThanAnyScanBeforeDecodingIt() {
		// a few kilobytes declaring a 20,000 x 20,000 image: 400 MB to draw
		assertThatThrownBy(() -> this.reader.read(HostilePdfs.drawingAnImageOf(20_000, 20_000)))
			.isInstanceOf(UnreadableFileException.class)
			.hasMessage("Page 1 draws an image of 20000 x 20000 pixels, beyond any scan (at most 20000 pixels a side "
					+ "and 150000000 pixels); refused as a possible decompression bomb");
	}

	@Test
	void shouldGiveUpAFileWhenNoPageIsReadInTime() throws IOException {
		// a scan to OCR: more than a millisecond a page
		RecordReader impatient = new RecordReader(OCR, java.time.Duration.ofMillis(1));
		byte[] scan = Files.readAllBytes(CORPUS.resolve("phototest.tif"));
		assertThatThrownBy(() -> impatient.read(scan)).isInstanceOf(UnreadableFileException.class)
			.hasMessageStartingWith("No page of it could be read in 0 s (recordhub.documents.read-timeout)");
	}

	/**
	 * Character error rate: edit distance over the transcript's length, whitespace
	 * folded.
	 */
	static double cer(String ocr, String truth) {
		String a = ocr.replaceAll("\\s+", " ").strip();
		String b = truth.replaceAll("\\s+", " ").strip();
		return (double) LevenshteinDistance.getDefaultInstance().apply(a, b) / b.length();
	}

	private static byte[] encrypted(byte[] pdf) throws IOException {
		try (PDDocument document = Loader.loadPDF(pdf); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			document.protect(new StandardProtectionPolicy("owner", "user-secret", new AccessPermission()));
			document.save(out);
			return out.toByteArray();
		}
	}

	private static byte[] noPages() throws IOException {
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			document.save(out);
			return out.toByteArray();
		}
	}

	private static byte[] png(BufferedImage image) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "png", out);
		return out.toByteArray();
	}

	/** A 1 x 1 PNG whose header claims other dimensions, as a decompression bomb does. */
	private static byte[] pngClaiming(int width, int height) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY), "png", out);
		byte[] png = out.toByteArray();
		ByteBuffer.wrap(png, 16, 8).putInt(width).putInt(height);
		return png;
	}

}
