package org.recordhub.document;

import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

import org.recordhub.request.Patient;

/**
 * Matching a file that names no leg by the patient it is about: the first pages' text
 * (their text layer, else OCR) must name exactly one open leg's patient, by family name
 * and birth date together. None or several: no match, never a guess.
 */
final class PatientMatch {

	private static final int PAGES = 2;

	private static final List<DateTimeFormatter> BIRTH_DATE_FORMATS = List.of(DateTimeFormatter.ISO_LOCAL_DATE,
			DateTimeFormatter.ofPattern("MM/dd/yyyy"), DateTimeFormatter.ofPattern("M/d/yyyy"),
			DateTimeFormatter.ofPattern("MM-dd-yyyy"), DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.ENGLISH),
			DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.ENGLISH));

	private PatientMatch() {
	}

	/** The text of the file's first pages, OCR'd when they have no text layer. */
	static String firstPages(byte[] content, Ocr ocr) {
		StringBuilder text = new StringBuilder();
		try (RecordPages pages = RecordPages.open(content)) {
			for (int i = 0; i < Math.min(PAGES, pages.count()); i++) {
				String layer = pages.text(i);
				if (layer.chars().filter(Character::isLetter).count() >= RecordReader.USABLE_LETTERS) {
					text.append(layer);
				}
				else if (ocr.available()) {
					RecordPages.Image image = RecordReader.squarePixels(pages.image(i));
					text.append(ocr.submit(image.image(), image.dpiX()).get().text());
				}
				text.append('\f');
			}
		}
		catch (UnreadableFileException | IOException | ExecutionException ex) {
			// an unreadable file matches nobody; the process stage says why
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return text.toString();
	}

	/** The one candidate whose patient the text names, if exactly one. */
	static <T> Optional<T> single(String text, List<Candidate<T>> candidates) {
		List<T> named = new ArrayList<>();
		for (Candidate<T> candidate : candidates) {
			if (names(text, candidate.patient())) {
				named.add(candidate.leg());
			}
		}
		return (named.size() == 1) ? Optional.of(named.get(0)) : Optional.empty();
	}

	private static boolean names(String text, Patient patient) {
		Pattern family = Pattern.compile("\\b" + Pattern.quote(patient.name().family()) + "\\b",
				Pattern.CASE_INSENSITIVE);
		if (!family.matcher(text).find()) {
			return false;
		}
		String lower = text.toLowerCase(Locale.ROOT);
		return BIRTH_DATE_FORMATS.stream()
			.anyMatch((format) -> lower.contains(patient.birthDate().format(format).toLowerCase(Locale.ROOT)));
	}

	record Candidate<T>(T leg, Patient patient) {
	}

}
