package org.recordhub.document;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The typeface of every PDF RecordHub writes (letters, cover sheets, forms, text pages):
 * Liberation Sans (SIL Open Font License, {@code fonts/LICENSE-LiberationSans.txt}),
 * metrically the same as Helvetica, embedded as a subset. A PDF then looks the same on
 * every machine that opens or renders it, and no reader has to stand another font in for
 * a Helvetica it lacks.
 */
public final class Fonts {

	private static final byte[] REGULAR = load("fonts/LiberationSans-Regular.ttf");

	private static final byte[] BOLD = load("fonts/LiberationSans-Bold.ttf");

	private Fonts() {
	}

	/** The regular face, to be embedded in the document. */
	public static PDFont regular(PDDocument document) throws IOException {
		return PDType0Font.load(document, new ByteArrayInputStream(REGULAR));
	}

	/** The bold face, to be embedded in the document. */
	public static PDFont bold(PDDocument document) throws IOException {
		return PDType0Font.load(document, new ByteArrayInputStream(BOLD));
	}

	private static byte[] load(String resource) {
		try (InputStream in = Fonts.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("No " + resource + " on the class path");
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
