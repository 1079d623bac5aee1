package org.recordhub.document;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.recordhub.request.Patient;

import static org.assertj.core.api.Assertions.assertThat;

class IdentityCheckTests {

	private static final Patient JANE = new Patient(new Patient.Name(List.of("Jane"), "Doe"), LocalDate.of(1980, 4, 12),
			List.of());

	@Test
	void shouldPassPagesThatNameTheRequestsPatientOrNobody() {
		assertThat(IdentityCheck.misfile(pages("Patient: Jane Doe    Date of birth: 1980-04-12\nProgress note.",
				"DOE, JANE  DOB: 04/12/1980", "Name: Jane A. Doe\nSeen by Dr. Robert Smith for follow-up.",
				"Chest X-ray: no acute findings."), JANE))
			.isEmpty();
	}

	@Test
	void shouldCatchAPageThatNamesAnotherPatient() {
		assertThat(IdentityCheck.misfile(pages("Patient: Jane Doe", "Patient Name: John Smith   MRN: 4411"), JANE))
			.hasValueSatisfying((mismatch) -> {
				assertThat(mismatch.page()).isEqualTo(2);
				// the page, not the other patient's name: staff open the page to see it
				assertThat(mismatch.detail()).contains("page 2", "names a patient").doesNotContain("John", "Smith");
			});
	}

	@Test
	void shouldCatchAPageWithAnotherBirthDate() {
		assertThat(IdentityCheck.misfile(pages("Patient: Jane Doe    DOB: 03/02/1951"), JANE)).hasValueSatisfying(
				(mismatch) -> assertThat(mismatch.detail()).contains("page 1", "birth date").doesNotContain("1951"));
	}

	private static List<RecordReader.PageText> pages(String... texts) {
		List<RecordReader.PageText> pages = new java.util.ArrayList<>();
		for (int i = 0; i < texts.length; i++) {
			pages.add(new RecordReader.PageText(i + 1, texts[i], RecordReader.Source.TEXT_LAYER, 100));
		}
		return pages;
	}

}
