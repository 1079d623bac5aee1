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

/**
 * Reads the leg id from the QR code of RecordHub's fax cover sheet when a provider's
 * answer starts with it (returned faxes rarely keep a useful file name).
 */
public final class CoverSheets {

	private static final Pattern LEG = Pattern
		.compile("^recordhub:leg:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$");

	private CoverSheets() {
	}

	/**
	 * The leg id in the QR code on the first page, if the file (PDF, TIFF, PNG, JPEG) has
	 * one.
	 */
	public static Optional<String> legId(byte[] content) {
		try (RecordPages pages = RecordPages.open(content)) {
			BufferedImage page = square(pages.image(0));
			String text = new QRCodeReader()
				.decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(page))))
				.getText();
			Matcher matcher = LEG.matcher(text);
			return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
		}
		catch (UnreadableFileException | IOException | NotFoundException | ChecksumException | FormatException ex) {
			return Optional.empty();
		}
	}

	/** A fax page at 204 x 98 dpi squashes the code; QR needs square modules. */
	private static BufferedImage square(RecordPages.Image page) {
		return RecordReader.squarePixels(page).image();
	}

}
