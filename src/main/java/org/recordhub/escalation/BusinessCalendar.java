package org.recordhub.escalation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Business days: Monday to Friday, less the holidays of
 * {@code rules/calendar/holidays.csv} (columns jurisdiction, date, name). {@code US}
 * holidays count everywhere; a state's (two-letter code, the provider's
 * {@code address.state}) count for providers there.
 */
public final class BusinessCalendar {

	private final Map<String, Set<LocalDate>> holidays;

	BusinessCalendar(Map<String, Set<LocalDate>> holidays) {
		this.holidays = holidays;
	}

	/** Reads the holidays file; throws IllegalStateException naming a bad line. */
	public static BusinessCalendar read(Path file) {
		Map<String, Set<LocalDate>> holidays = new HashMap<>();
		List<String> lines;
		try {
			lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		for (int i = 1; i < lines.size(); i++) {
			String line = lines.get(i).strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			String[] cells = line.split(",", 3);
			try {
				holidays.computeIfAbsent(cells[0].strip().toUpperCase(java.util.Locale.ROOT), (k) -> new HashSet<>())
					.add(LocalDate.parse(cells[1].strip()));
			}
			catch (DateTimeParseException | ArrayIndexOutOfBoundsException ex) {
				throw new IllegalStateException(
						file.getFileName() + " line " + (i + 1) + ": expected jurisdiction,date,name: " + line);
			}
		}
		return new BusinessCalendar(holidays);
	}

	public boolean isBusinessDay(LocalDate day, String jurisdiction) {
		if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
			return false;
		}
		if (this.holidays.getOrDefault("US", Set.of()).contains(day)) {
			return false;
		}
		return jurisdiction == null
				|| !this.holidays.getOrDefault(jurisdiction.toUpperCase(java.util.Locale.ROOT), Set.of()).contains(day);
	}

	/**
	 * Business days after {@code from} up to and including {@code to}: a request sent on
	 * Monday is one business day old on Tuesday.
	 */
	public int businessDaysBetween(LocalDate from, LocalDate to, String jurisdiction) {
		int days = 0;
		for (LocalDate day = from.plusDays(1); !day.isAfter(to); day = day.plusDays(1)) {
			if (isBusinessDay(day, jurisdiction)) {
				days++;
			}
		}
		return days;
	}

	/** The first business day after the day. */
	public LocalDate nextBusinessDay(LocalDate day, String jurisdiction) {
		LocalDate next = day.plusDays(1);
		while (!isBusinessDay(next, jurisdiction)) {
			next = next.plusDays(1);
		}
		return next;
	}

}
