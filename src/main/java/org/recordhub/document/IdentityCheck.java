package org.recordhub.document;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.recordhub.request.Patient;

/**
 * Does every page belong to the request's patient? A page that names a patient (a
 * "Patient:" or "Name:" field) whose family name is not the request's, or gives a birth
 * date ("DOB", "Date of birth") that is not the patient's, is a possible misfile: another
 * patient's record in this one. Only labelled fields count, so a clinician's or a
 * relative's name in a note is no alarm; a page that names nobody passes.
 */
final class IdentityCheck {

	private static final Pattern NAME = Pattern.compile(
			"(?im)^[ \\t#*]*(?:patient(?: name)?|name)\\s*:\\s*([\\p{L}][\\p{L}.,'\\- ]{1,60}?)(?=\\s{2,}|\\s+(?:dob|date of birth|birth ?date|mrn|sex|age)\\b|\\s*$)");

	private static final Pattern BIRTH_DATE = Pattern.compile(
			"(?i)\\b(?:dob|date of birth|birth ?date)\\s*[:#]?\\s*(\\d{4}-\\d{2}-\\d{2}|\\d{1,2}/\\d{1,2}/\\d{4})");

	private static final DateTimeFormatter US = DateTimeFormatter.ofPattern("M/d/yyyy");

	private IdentityCheck() {
	}

	/**
	 * The first page that names another patient, and what gave it away: a name or a birth
	 * date, never its value (the page itself shows it to the staff who open it).
	 */
	static Optional<Mismatch> misfile(List<RecordReader.PageText> pages, Patient patient) {
		String family = normalise(patient.name().family());
		for (RecordReader.PageText page : pages) {
			Matcher name = NAME.matcher(page.text());
			while (name.find()) {
				String found = name.group(1).strip();
				if (!normalise(found).contains(family)) {
					return Optional.of(new Mismatch(page.number(), "names a patient other than the request's"));
				}
			}
			Matcher birth = BIRTH_DATE.matcher(page.text());
			while (birth.find()) {
				LocalDate date = date(birth.group(1));
				if (date != null && !date.equals(patient.birthDate())) {
					return Optional.of(new Mismatch(page.number(), "gives a birth date other than the patient's"));
				}
			}
		}
		return Optional.empty();
	}

	private static LocalDate date(String text) {
		try {
			return text.contains("/") ? LocalDate.parse(text, US) : LocalDate.parse(text);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static String normalise(String name) {
		return name.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}]", "");
	}

	/** A page that names another patient. */
	record Mismatch(int page, String evidence) {

		/** Where to look: the page, opened from the work queue, shows who it names. */
		String detail() {
			return "Possible misfile: page " + this.page + " " + this.evidence
					+ "; open the file to see it. Held until HIM staff clear or reject it";
		}

	}

}
