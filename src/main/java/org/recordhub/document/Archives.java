package org.recordhub.document;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * The records in a ZIP archive, in the archive's order (the provider's): every entry but
 * folders, system litter ({@code __MACOSX/}, hidden files, {@code Thumbs.db}) and the
 * index files of an IHE XDM package ({@code METADATA.XML}, {@code INDEX.HTM},
 * {@code README.TXT}), which describe the records rather than being them. Expansion is
 * bounded while it happens, so a ZIP bomb is refused before it fills memory.
 */
final class Archives {

	/**
	 * Most bytes a ZIP may expand to: its entries are held in memory while they are read.
	 */
	static final long MAX_EXPANDED = 256L << 20;

	/**
	 * Most times larger than the archive its contents may be (scans barely compress; a
	 * C-CDA's XML about twentyfold).
	 */
	static final long MAX_RATIO = 50;

	/** Most entries a ZIP may hold. */
	static final int MAX_ENTRIES = 10_000;

	private static final Set<String> NOT_RECORDS = Set.of("metadata.xml", "index.htm", "index.html", "readme.txt",
			"thumbs.db", "desktop.ini");

	private Archives() {
	}

	/**
	 * The entries that are records, or {@link UnreadableFileException} with the reason.
	 */
	static List<Entry> entries(byte[] zip) {
		long limit = Math.min(MAX_EXPANDED, Math.max(zip.length, 1L << 20) * MAX_RATIO);
		List<Entry> entries = new ArrayList<>();
		long expanded = 0;
		int seen = 0;
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
			byte[] buffer = new byte[64 * 1024];
			for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				if (++seen > MAX_ENTRIES) {
					throw new UnreadableFileException("The ZIP holds more than " + MAX_ENTRIES + " entries");
				}
				if (entry.isDirectory() || !isRecord(entry.getName())) {
					continue;
				}
				ByteArrayOutputStream content = new ByteArrayOutputStream();
				for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
					expanded += read;
					if (expanded > limit) {
						throw new UnreadableFileException("The ZIP expands to more than " + limit
								+ " bytes; refused as a possible decompression bomb");
					}
					content.write(buffer, 0, read);
				}
				entries.add(new Entry(entry.getName(), content.toByteArray()));
			}
		}
		catch (ZipException ex) {
			throw new UnreadableFileException((ex.getMessage() != null && ex.getMessage().contains("encrypted"))
					? "Encrypted ZIP: it needs a password to open" : "Corrupt or truncated ZIP: " + ex.getMessage());
		}
		catch (IOException ex) {
			throw new UnreadableFileException("Corrupt or truncated ZIP: " + ex.getMessage());
		}
		if (entries.isEmpty()) {
			throw new UnreadableFileException(
					(seen == 0) ? "The ZIP is empty" : "The ZIP holds no records, only folders and index files");
		}
		return entries;
	}

	private static boolean isRecord(String path) {
		String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
		return !path.startsWith("__MACOSX/") && !name.startsWith(".") && !NOT_RECORDS.contains(name);
	}

	/** A file in the archive. */
	record Entry(String name, byte[] content) {
	}

}
