package org.recordhub.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A table staff edit (a CSV under {@code rules/}), read again when the file changes. The
 * reader checks the table (its examples must come out right); a table it refuses is
 * reported in the log and the previous one stays. At start-up a refused table stops the
 * application, as rule sets do: there is nothing older to fall back on.
 *
 * @param <T> the table as the code uses it
 */
public final class LiveTable<T> {

	private static final Logger logger = LoggerFactory.getLogger(LiveTable.class);

	private final String name;

	private final Path file;

	private final Function<Path, T> reader;

	private volatile T table;

	private volatile FileTime loaded;

	/**
	 * @param reader reads and checks the file; throws {@link IllegalStateException} with
	 * the reason to refuse it
	 */
	public LiveTable(String name, Path file, Function<Path, T> reader) {
		this.name = name;
		this.file = file;
		this.reader = reader;
		this.table = reader.apply(file);
		this.loaded = modified(file);
	}

	/** The table, read again first if the file changed since. */
	public T get() {
		FileTime now = modified(this.file);
		if (now != null && !now.equals(this.loaded)) {
			try {
				this.table = this.reader.apply(this.file);
				logger.info("{} reloaded from {}", this.name, this.file);
			}
			catch (IllegalStateException ex) {
				logger.error("{} not reloaded; the previous one stays: {}", this.name, ex.getMessage());
			}
			this.loaded = now;
		}
		return this.table;
	}

	private static FileTime modified(Path file) {
		try {
			return Files.exists(file) ? Files.getLastModifiedTime(file) : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

}
