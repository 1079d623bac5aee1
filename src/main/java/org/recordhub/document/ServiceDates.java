package org.recordhub.document;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The date of service on a page, in the formats records use: 2023-03-14, 03/14/2023,
 * 3-14-2023, 14-Mar-2023, March 14, 2023, 14 March 2023, Mar 14 2023. A date labelled as
 * the date of service (or of the visit, admission, procedure, report) wins; otherwise the
 * first date that is not a birth date.
 */
final class ServiceDates {

	private static final String MONTH = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?";

	private static final String DATE = "(\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}[/-]\\d{1,2}[/-]\\d{4}|\\d{1,2}[- ]" + MONTH
			+ "[- ,]*\\d{4}|" + MONTH + " \\d{1,2},? \\d{4})";

	private static final Pattern LABELLED = Pattern
		.compile("(?i)\\b(?:date of service|service date|\\bdos\\b|visit date|"
				+ "date of visit|encounter date|admission date|admit date|date of admission|discharge date|"
				+ "procedure date|date of procedure|report date|collected|exam date|date)\\s*[:#]?\\s*" + DATE);

	private static final Pattern ANY = Pattern.compile("(?i)" + DATE);

	private static final Pattern BIRTH = Pattern.compile("(?i)(?:dob|birth|born)\\W{0,3}$");

	private static final List<DateTimeFormatter> FORMATS = List.of(DateTimeFormatter.ofPattern("yyyy-M-d"),
			DateTimeFormatter.ofPattern("M/d/yyyy"), DateTimeFormatter.ofPattern("M-d-yyyy"), text("d-MMM-yyyy"),
			text("d MMM yyyy"), text("d MMMM yyyy"), text("MMM d, yyyy"), text("MMMM d, yyyy"), text("MMM d yyyy"),
			text("MMMM d yyyy"));

	private ServiceDates() {
	}

	static Optional<LocalDate> find(String page) {
		for (Pattern pattern : List.of(LABELLED, ANY)) {
			Matcher found = pattern.matcher(page);
			while (found.find()) {
				if (!birthDate(page, found.start())) {
					Optional<LocalDate> date = parse(found.group(1));
					if (date.isPresent()) {
						return date;
					}
				}
			}
		}
		return Optional.empty();
	}

	/** Whether the date at this position is labelled as a birth date. */
	private static boolean birthDate(String page, int start) {
		return BIRTH.matcher(page.substring(Math.max(0, start - 20), start)).find();
	}

	static Optional<LocalDate> parse(String text) {
		String cleaned = text.replaceAll("[,.]", " ")
			.replaceAll("(?i)sept", "sep")
			.replaceAll("\\s+", " ")
			.strip()
			.replaceAll("(?i)^(\\d{1,2})-([a-z]+)-(\\d{4})$", "$1 $2 $3");
		for (DateTimeFormatter format : FORMATS) {
			try {
				LocalDate date = LocalDate.parse(cleaned.replace(" ,", ","), format);
				if (date.getYear() >= 1900 && date.getYear() <= 2100) {
					return Optional.of(date);
				}
			}
			catch (DateTimeParseException ex) {
				// try the next format
			}
		}
		return Optional.empty();
	}

	private static DateTimeFormatter text(String pattern) {
		return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern).toFormatter(Locale.ENGLISH);
	}

}
