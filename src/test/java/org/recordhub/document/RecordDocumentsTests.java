package org.recordhub.document;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.recordhub.request.DateRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Classifying, splitting and ordering a multi-document record with the shipped document
 * type table, and finding what is missing.
 */
class RecordDocumentsTests {

	private static final DocumentTypes TYPES = new DocumentTypes(Path.of("rules"));

	@Test
	void shouldSplitAMultiDocumentRecordTypeEachDocumentAndOrderThemByDateOfService() {
		List<RecordReader.PageText> pages = pages("""
				PROGRESS NOTE
				Date of service: 06/02/2024
				Subjective: knee pain improving. Assessment and plan: continue therapy.""", """
				Plan: follow up in six weeks.""", """
				DISCHARGE SUMMARY
				Admission date: March 3, 2023    Discharge date: March 7, 2023
				Hospital course: uneventful. Discharge medications: none.""", """
				RADIOLOGY REPORT
				Exam date: 14-Mar-2023
				Findings: no fracture. Impression: normal knee.""", """
				Thank you, have a nice day.""");
		List<RecordDocuments.Found> found = RecordDocuments.split("file-1", pages, TYPES);
		assertThat(found).extracting(RecordDocuments.Found::firstPage, RecordDocuments.Found::lastPage)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(1, 2), org.assertj.core.groups.Tuple.tuple(3, 3),
					org.assertj.core.groups.Tuple.tuple(4, 5));
		assertThat(found).extracting((d) -> d.type().code()).containsExactly("11506-3", "18842-5", "18748-4");
		assertThat(found.get(1).evidence()).contains("title \"DISCHARGE SUMMARY\"", "hospital course");

		List<RecordDocuments.Found> ordered = RecordDocuments.chronological(found);
		assertThat(ordered).extracting(RecordDocuments.Found::dateOfService)
			.containsExactly(LocalDate.of(2023, 3, 3), LocalDate.of(2023, 3, 14), LocalDate.of(2024, 6, 2));
		assertThat(ordered).extracting(RecordDocuments.Found::providerOrder).containsExactly(2, 3, 1);
	}

	@Test
	void shouldNameTheRequestedTypesAndPeriodThatAreMissing() {
		List<RecordDocuments.Found> found = RecordDocuments.chronological(RecordDocuments.split("file-1",
				pages("PROGRESS NOTE\nDate of service: 2019-05-01\nAssessment and plan: stable."), TYPES));
		DateRange range = new DateRange(LocalDate.of(2023, 1, 1), LocalDate.of(2024, 6, 30));
		assertThat(
				RecordDocuments.gaps(found, range, List.of("DISCHARGE_SUMMARY", "PROGRESS_NOTE", "ALL"), TYPES.types()))
			.containsExactly("no discharge summary (DISCHARGE_SUMMARY)",
					"nothing dated in the requested period 2023-01-01 to 2024-06-30");
		assertThat(RecordDocuments.gaps(found, new DateRange(LocalDate.of(2019, 1, 1), LocalDate.of(2019, 12, 31)),
				List.of("PROGRESS_NOTE"), TYPES.types()))
			.isEmpty();
	}

	@Test
	void shouldReadDatesOfServiceInTheFormatsRecordsUse() {
		assertThat(ServiceDates.find("DOS: 3/14/2023")).contains(LocalDate.of(2023, 3, 14));
		assertThat(ServiceDates.find("Visit date 2023-03-14")).contains(LocalDate.of(2023, 3, 14));
		assertThat(ServiceDates.find("Seen on Sept 5, 2022 in clinic")).contains(LocalDate.of(2022, 9, 5));
		assertThat(ServiceDates.find("DOB: 01/02/1950\nDate: 14 March 2023")).contains(LocalDate.of(2023, 3, 14));
		assertThat(ServiceDates.find("Patient born 01/02/1950. No visit date.")).isEmpty();
	}

	private static List<RecordReader.PageText> pages(String... texts) {
		List<RecordReader.PageText> pages = new ArrayList<>();
		for (int i = 0; i < texts.length; i++) {
			pages.add(new RecordReader.PageText(i + 1, texts[i], RecordReader.Source.TEXT_LAYER, 100));
		}
		return pages;
	}

}
