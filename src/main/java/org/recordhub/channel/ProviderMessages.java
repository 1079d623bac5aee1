package org.recordhub.channel;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.recordhub.request.LegState;
import org.recordhub.request.Legs;
import org.recordhub.request.Legs.Transition;
import org.recordhub.request.ProviderLeg;
import org.recordhub.rules.LiveTable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What a provider's message means for its leg. Messages come as free text (an email
 * reply, a fax cover note); the table {@code rules/messages/provider-messages.csv}, which
 * staff extend, says which wording means a fee quote, a request for more information, "no
 * records", or "working on it": the first row whose pattern matches decides. Each row
 * carries an example that must come out as its own meaning, or the table is refused (the
 * previous one stays) — the table's built-in scenarios. The file is read again when it
 * changes.
 */
@Component
public class ProviderMessages {

	private static final Set<LegState> MEANINGS = Set.of(LegState.AWAITING_FEE_APPROVAL, LegState.NEEDS_INFORMATION,
			LegState.NO_RECORDS, LegState.IN_PROGRESS);

	private final LiveTable<List<Row>> table;

	private final Legs legs;

	ProviderMessages(@Value("${recordhub.rules.directory}") Path rules, Legs legs) {
		this.table = new LiveTable<>("Provider message table", rules.resolve("messages/provider-messages.csv"),
				ProviderMessages::read);
		this.legs = legs;
	}

	/** The leg state the message asks for, if the table recognises it. */
	public Optional<LegState> meaning(String text) {
		return meaning(this.table.get(), text);
	}

	/**
	 * Records the message on the leg's timeline and, when it means a new state the leg
	 * can move to, moves the leg there with the message as the reason.
	 */
	public void take(ProviderLeg leg, String message, String channel) {
		Optional<LegState> meaning = meaning(message);
		this.legs.providerMessage(leg, message + meaning.map((state) -> " [understood as " + state + "]").orElse(""),
				channel);
		meaning.filter((state) -> state != leg.state())
			.ifPresent((state) -> this.legs.advance(leg.id(), LegState.leadingTo(state),
					Transition.to(state, "Provider: " + message).on(channel)));
	}

	static Optional<LegState> meaning(List<Row> rows, String text) {
		return rows.stream().filter((row) -> row.pattern().matcher(text).find()).map(Row::meaning).findFirst();
	}

	static List<Row> read(Path file) {
		if (!Files.exists(file)) {
			return List.of();
		}
		List<Row> rows = new ArrayList<>();
		CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
				CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
			for (CSVRecord record : parser) {
				LegState meaning = LegState.valueOf(record.get("Meaning").trim());
				if (!MEANINGS.contains(meaning)) {
					throw new IllegalStateException(
							file + " line " + record.getRecordNumber() + ": " + meaning + " is not one of " + MEANINGS);
				}
				rows.add(new Row(meaning, Pattern.compile(record.get("Pattern"), Pattern.CASE_INSENSITIVE),
						record.get("Example")));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(file + ": " + ex.getMessage(), ex);
		}
		for (Row row : rows) {
			Optional<LegState> got = meaning(rows, row.example());
			if (got.isEmpty() || got.get() != row.meaning()) {
				throw new IllegalStateException(file + ": the example \"" + row.example() + "\" should mean "
						+ row.meaning() + " but means " + got.map(LegState::name).orElse("nothing"));
			}
		}
		return List.copyOf(rows);
	}

	record Row(LegState meaning, Pattern pattern, String example) {
	}

}
