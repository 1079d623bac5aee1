package org.recordhub.document;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
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
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Reads the leg id from RecordHub's fax cover sheet when a provider's answer starts with
 * it (returned faxes rarely keep a useful file name): from its QR code, else from the id
 * printed under it.
 */
public final class CoverSheets {

	private static final Pattern LEG = Pattern
		.compile("^recordhub:leg:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$");

	/** The label the cover sheet prints before the leg id, and the rest of its line. */
	private static final Pattern PRINTED = Pattern.compile("(?im)\\bleg\\s*[il1|]d\\s*[:;.,]?\\s*(.+)$");

	/** Within four edits (a garbled character costs one), else -1. */
	private static final LevenshteinDistance CLOSE = new LevenshteinDistance(4);

	private CoverSheets() {
	}

	/**
	 * Whether the page is RecordHub's own fax cover sheet, sent back at the top of a fax.
	 */
	static boolean isCoverSheet(String text) {
		return text.contains("REQUEST FOR MEDICAL RECORDS") && PRINTED.matcher(text).find();
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

	/**
	 * The leg id printed on the cover sheet ({@code Leg ID: ...}), read by OCR when its
	 * QR code did not survive the fax: characters OCR confuses with hex digits are
	 * mended, and an id still garbled in a few characters is accepted only when it is
	 * that close to exactly one of {@code waiting} (ids are random: two are never within
	 * a few characters of each other).
	 */
	static Optional<String> printedLegId(String text, Collection<String> waiting) {
		Matcher label = PRINTED.matcher(text);
		while (label.find()) {
			String read = mend(label.group(1));
			if (read.length() < 32) {
				continue;
			}
			String id = read.substring(0, Math.min(36, read.length()));
			if (waiting.contains(id)) {
				return Optional.of(id);
			}
			List<String> close = waiting.stream().filter((leg) -> CLOSE.apply(id, leg) >= 0).toList();
			if (close.size() == 1) {
				return Optional.of(close.get(0));
			}
		}
		return Optional.empty();
	}

	/** The rest of the line, without spaces, with look-alikes read as hex digits. */
	private static String mend(String line) {
		StringBuilder id = new StringBuilder();
		for (char c : line.toLowerCase(Locale.ROOT).toCharArray()) {
			switch (c) {
				case 'o', 'q' -> id.append('0');
				case 'i', 'l', '|', '!', 'j' -> id.append('1');
				case 's' -> id.append('5');
				case 'z' -> id.append('2');
				case 'g' -> id.append('9');
				case '\u2013', '\u2014', '_', '~' -> id.append('-');
				default -> {
					if (!Character.isWhitespace(c)) {
						id.append(c);
					}
				}
			}
		}
		return id.toString();
	}

	/** A fax page at 204 x 98 dpi squashes the code; QR needs square modules. */
	private static BufferedImage square(RecordPages.Image page) {
		return RecordReader.squarePixels(page).image();
	}

}
