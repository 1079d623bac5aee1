package org.recordhub.document;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A long scanned record (image pages only, made from the shared corpus' synthetic notes)
 * read into a searchable PDF in a JVM with about 1 MB of heap per page: 250 pages in 256
 * MB in the suite, {@code -DlargeRecordPages=500 -DlargeRecordHeap=512m} for the full
 * record (its own failsafe execution, see pom.xml). Reading streams page by page, so the
 * heap a record needs does not grow with it.
 */
class LargeRecordIT {

	private static final int PAGES = Integer.getInteger("recordhub.large-record.pages", 500);

	private static final Path NOTES = Path.of("../shared/corpus/clinical/synthea-notes/notes");

	@Test
	void shouldReadALongScanInAboutAMegabyteOfHeapPerPage() throws IOException {
		assertThat(Runtime.getRuntime().maxMemory()).as("run with about 1 MB of heap per page")
			.isLessThanOrEqualTo((PAGES + PAGES / 16L) << 20);
		byte[] scan = scannedRecord(PAGES);
		try (Ocr ocr = new Ocr("/usr/share/tesseract-ocr/5/tessdata", "eng", 2)) {
			RecordReader.Read read = new RecordReader(ocr).read(scan);
			assertThat(read.pages()).hasSize(PAGES)
				.allSatisfy((page) -> assertThat(page.source()).isEqualTo(RecordReader.Source.OCR));
			try (PDDocument searchable = Loader.loadPDF(read.searchablePdf())) {
				assertThat(searchable.getNumberOfPages()).isEqualTo(PAGES);
				PDFTextStripper stripper = new PDFTextStripper();
				stripper.setStartPage(PAGES / 2);
				stripper.setEndPage(PAGES / 2);
				assertThat(stripper.getText(searchable)).containsIgnoringCase("patient");
			}
			long peak = ManagementFactory.getMemoryPoolMXBeans()
				.stream()
				.filter((pool) -> pool.getType() == java.lang.management.MemoryType.HEAP)
				.mapToLong((pool) -> pool.getPeakUsage().getUsed())
				.sum();
			System.out.printf("%d scanned pages read; searchable PDF %d MB; peak heap %d MB%n", PAGES,
					read.searchablePdf().length >> 20, peak >> 20);
		}
	}

	/**
	 * Five notes scanned (rendered to 200 dpi bilevel images), repeated to the page
	 * count: every page an image without text.
	 */
	private static byte[] scannedRecord(int pages) throws IOException {
		List<String> notes = new ArrayList<>();
		try (Stream<Path> files = Files.list(NOTES)) {
			for (Path note : files.sorted().limit(5).toList()) {
				notes.add("Patient record\n" + String.join("\n", Files.readAllLines(note).stream().limit(40).toList()));
			}
		}
		try (PDDocument scan = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			List<PDImageXObject> images = new ArrayList<>();
			for (String note : notes) {
				try (PDDocument typed = Loader.loadPDF(TextPdf.render("Note", note))) {
					BufferedImage image = new PDFRenderer(typed).renderImageWithDPI(0, 200, ImageType.BINARY);
					images.add(LosslessFactory.createFromImage(scan, image));
				}
			}
			for (int i = 0; i < pages; i++) {
				PDPage page = new PDPage(PDRectangle.LETTER);
				scan.addPage(page);
				try (PDPageContentStream content = new PDPageContentStream(scan, page)) {
					content.drawImage(images.get(i % images.size()), 0, 0, PDRectangle.LETTER.getWidth(),
							PDRectangle.LETTER.getHeight());
					// a stamped page number (too little text to count as a text layer)
					// makes
					// every page different: repeated pages would be left out as
					// duplicates
					TextPdf.line(content, new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14, 420, 24,
							"Page " + (i + 1) + " of " + pages);
				}
			}
			scan.save(out);
			return out.toByteArray();
		}
	}

}
