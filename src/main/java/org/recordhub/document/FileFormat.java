package org.recordhub.document;

import java.nio.charset.StandardCharsets;

/**
 * What a received file is, from its first bytes (names and declared types from providers
 * are often wrong): the one place RecordHub tells formats apart.
 */
public enum FileFormat {

	PDF("application/pdf", ".pdf"), TIFF("image/tiff", ".tif"), PNG("image/png", ".png"), JPEG("image/jpeg", ".jpg"),
	ZIP("application/zip", ".zip"), XML("application/xml", ".xml"), UNKNOWN("application/octet-stream", ".bin");

	private final String mediaType;

	private final String extension;

	FileFormat(String mediaType, String extension) {
		this.mediaType = mediaType;
		this.extension = extension;
	}

	public String mediaType() {
		return this.mediaType;
	}

	/** The usual file name extension, with its dot. */
	public String extension() {
		return this.extension;
	}

	public static FileFormat of(byte[] content) {
		if (startsWith(content, "%PDF-")) {
			return PDF;
		}
		if (startsWith(content, "II*\0") || startsWith(content, "MM\0*")) {
			return TIFF;
		}
		if (startsWith(content, "\u0089PNG")) {
			return PNG;
		}
		if (content.length > 3 && (content[0] & 0xFF) == 0xFF && (content[1] & 0xFF) == 0xD8) {
			return JPEG;
		}
		// a ZIP starts with its first entry, or with the end record when it is empty
		if (startsWith(content, "PK\3\4") || startsWith(content, "PK\5\6")) {
			return ZIP;
		}
		return isXml(content) ? XML : UNKNOWN;
	}

	/** Whether the bytes start like XML (after a byte-order mark and white space). */
	private static boolean isXml(byte[] content) {
		int i = (content.length >= 3 && (content[0] & 0xFF) == 0xEF && (content[1] & 0xFF) == 0xBB
				&& (content[2] & 0xFF) == 0xBF) ? 3 : 0;
		while (i < content.length && Character.isWhitespace(content[i])) {
			i++;
		}
		return i < content.length && content[i] == '<';
	}

	private static boolean startsWith(byte[] content, String magic) {
		byte[] prefix = magic.getBytes(StandardCharsets.ISO_8859_1);
		if (content.length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (content[i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

}
