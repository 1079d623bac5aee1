package org.recordhub.document;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.NotFoundException;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * Reads the leg id from the QR code of RecordHub's fax cover sheet when a provider's
 * answer starts with it (returned faxes rarely keep a useful file name).
 */
public final class CoverSheets {

	private static final Pattern LEG = Pattern
		.compile("^recordhub:leg:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$");

	private CoverSheets() {
	}

	/** The leg id in the QR code on the first page, if the file is a PDF that has one. */
	public static Optional<String> legId(byte[] pdf) {
		if (!DocumentProcessor.isPdf(pdf)) {
			return Optional.empty();
		}
		try (PDDocument document = Loader.loadPDF(pdf)) {
			if (document.getNumberOfPages() == 0) {
				return Optional.empty();
			}
			BufferedImage page = new PDFRenderer(document).renderImageWithDPI(0, 150);
			String text = new QRCodeReader()
				.decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(page))))
				.getText();
			Matcher matcher = LEG.matcher(text);
			return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
		}
		catch (IOException | NotFoundException | ChecksumException | FormatException ex) {
			return Optional.empty();
		}
	}

}
