package org.recordhub.document;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.recordhub.rules.LiveTable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What kind of document a page is, from {@code rules/documents/document-types.csv}, a
 * table staff extend: per type, the request's record type keyword, the code (LOINC where
 * there is one), patterns for a page's title (its first lines) and body, and an example
 * title that must classify as its own row, or the table is refused and the previous one
 * stays ({@link LiveTable}). A title match weighs {@value #TITLE} points, each different
 * body match {@value #BODY}; the most points win from {@value #ENOUGH} up. The file is
 * read again when it changes.
 */
@Component
public class DocumentTypes {

	static final int TITLE = 10;

	static final int BODY = 2;

	static final int ENOUGH = 4;

	private static final int TITLE_LINES = 8;

	private final LiveTable<List<Type>> table;

	DocumentTypes(@Value("${recordhub.rules.directory}") Path rules) {
		this.table = new LiveTable<>("Document type table", rules.resolve("documents/document-types.csv"),
				DocumentTypes::read);
	}

	/** The page's type with the evidence, or null when nothing is convincing. */
	public Classification classify(String page) {
		return classify(this.table.get(), page);
	}

	static Classification classify(List<Type> types, String page) {
		String title = String.join("\n", page.lines().filter((line) -> !line.isBlank()).limit(TITLE_LINES).toList());
		Classification best = null;
		for (Type type : types) {
			int points = 0;
			Set<String> evidence = new LinkedHashSet<>();
			Matcher heading = type.title().matcher(title);
			boolean titled = heading.find();
			if (titled) {
				points += TITLE;
				evidence.add("title \"" + heading.group().strip() + "\"");
			}
			Matcher body = type.body().matcher(page);
			Set<String> found = new LinkedHashSet<>();
			while (body.find() && found.size() < 5) {
				found.add(body.group().strip().toLowerCase());
			}
			points += BODY * found.size();
			found.forEach((word) -> evidence.add("\"" + word + "\""));
			if (points >= ENOUGH && (best == null || points > best.points())) {
				best = new Classification(type, points, titled, String.join(", ", evidence));
			}
		}
		return best;
	}

	public List<Type> types() {
		return this.table.get();
	}

	static List<Type> read(Path file) {
		if (!Files.exists(file)) {
			return List.of();
		}
		List<Type> types = new ArrayList<>();
		CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
				CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
			for (CSVRecord record : parser) {
				String[] code = record.get("Code").split("\\|", 2);
				if (code.length != 2) {
					throw new IllegalStateException(file + " line " + record.getRecordNumber()
							+ ": Code is system|code, e.g. http://loinc.org|18842-5");
				}
				types.add(new Type(record.get("Record type").strip(), code[0], code[1], record.get("Type").strip(),
						Pattern.compile(record.get("Title pattern"), Pattern.CASE_INSENSITIVE),
						Pattern.compile(record.get("Body pattern"), Pattern.CASE_INSENSITIVE),
						record.get("Example title")));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(file + ": " + ex.getMessage(), ex);
		}
		for (Type type : types) {
			Classification got = classify(types, type.exampleTitle());
			if (got == null || !got.type().equals(type)) {
				throw new IllegalStateException(file + ": the example title \"" + type.exampleTitle() + "\" should be "
						+ type.display() + " but is " + ((got != null) ? got.type().display() : "nothing"));
			}
		}
		return List.copyOf(types);
	}

	/**
	 * A document type.
	 *
	 * @param recordType the keyword a request names it by (DISCHARGE_SUMMARY, IMAGING...)
	 */
	public record Type(String recordType, String system, String code, String display, Pattern title, Pattern body,
			String exampleTitle) {

		@Override
		public boolean equals(Object other) {
			return other instanceof Type type && type.code.equals(this.code) && type.system.equals(this.system);
		}

		@Override
		public int hashCode() {
			return this.code.hashCode();
		}

	}

	/**
	 * A page's type.
	 *
	 * @param titled whether the page's title names the type: a new document starts there
	 */
	public record Classification(Type type, int points, boolean titled, String evidence) {
	}

}
