package org.recordhub.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LiveTableTests {

	@Test
	void shouldTakeAGoodChangeAndKeepThePreviousTableWhenAChangeIsRefused(@TempDir Path folder) throws IOException {
		Path file = folder.resolve("table.csv");
		Files.writeString(file, "one");
		LiveTable<String> table = new LiveTable<>("Test table", file, LiveTableTests::read);
		assertThat(table.get()).isEqualTo("one");

		change(file, "two", 1);
		assertThat(table.get()).isEqualTo("two");

		change(file, "broken", 2);
		assertThat(table.get()).as("a refused change leaves the previous table").isEqualTo("two");
	}

	@Test
	void shouldRefuseToStartOnABrokenTable(@TempDir Path folder) throws IOException {
		Path file = folder.resolve("table.csv");
		Files.writeString(file, "broken");
		assertThatThrownBy(() -> new LiveTable<>("Test table", file, LiveTableTests::read))
			.isInstanceOf(IllegalStateException.class);
	}

	private static void change(Path file, String content, int seconds) throws IOException {
		Files.writeString(file, content);
		// a distinct modification time, whatever the file system's clock granularity
		Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seconds)));
	}

	private static String read(Path file) {
		try {
			String content = Files.readString(file);
			if (content.equals("broken")) {
				throw new IllegalStateException("refused");
			}
			return content;
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
