package org.recordhub.document;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;

/**
 * Writes plain text as a Letter-size PDF with PDFBox: wrapped lines, a new page whenever
 * one is full, and a form feed ({@code \f}) to start a new page on purpose.
 */
public final class TextPdf {

	private static final float MARGIN = 54;

	private static final float SIZE = 11;

	private static final float LEADING = 14;

	private static final int WRAP = 90;

	private TextPdf() {
	}

	public static byte[] render(String title, String text) {
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			PDFont regular = Fonts.regular(document);
			PDFont bold = Fonts.bold(document);
			document.getDocumentInformation().setTitle(printable(title));
			for (String pageText : text.split("\f")) {
				List<String> lines = wrap(pageText);
				int perPage = (int) ((PDRectangle.LETTER.getHeight() - 2 * MARGIN) / LEADING);
				for (int start = 0; start < Math.max(lines.size(), 1); start += perPage) {
					PDPage page = new PDPage(PDRectangle.LETTER);
					document.addPage(page);
					try (PDPageContentStream content = new PDPageContentStream(document, page)) {
						content.beginText();
						content.newLineAtOffset(MARGIN, PDRectangle.LETTER.getHeight() - MARGIN);
						content.setLeading(LEADING);
						for (String line : lines.subList(start, Math.min(lines.size(), start + perPage))) {
							boolean heading = line.startsWith("# ");
							content.setFont(heading ? bold : regular, SIZE);
							content.showText(printable(heading ? line.substring(2) : line));
							content.newLine();
						}
						content.endText();
					}
				}
			}
			document.save(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Writes one line of text whose baseline starts at (x, y). */
	public static void line(PDPageContentStream content, PDFont font, float size, float x, float y, String text)
			throws IOException {
		content.beginText();
		content.setFont(font, size);
		content.newLineAtOffset(x, y);
		content.showText(printable(text));
		content.endText();
	}

	private static List<String> wrap(String text) {
		List<String> lines = new ArrayList<>();
		for (String paragraph : text.split("\r?\n", -1)) {
			String rest = paragraph.stripTrailing();
			while (rest.length() > WRAP) {
				int cut = rest.lastIndexOf(' ', WRAP);
				cut = (cut > 0) ? cut : WRAP;
				lines.add(rest.substring(0, cut));
				rest = rest.substring(cut).stripLeading();
			}
			lines.add(rest);
		}
		return lines;
	}

	/** The standard Helvetica font covers WinAnsi (Latin-1) only. */
	private static String printable(String text) {
		StringBuilder out = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			out.append((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) ? c : (c == '\t' ? ' ' : '?'));
		}
		return out.toString();
	}

}
