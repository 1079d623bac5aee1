package org.recordhub.document;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.recordhub.request.Patient;

import static org.assertj.core.api.Assertions.assertThat;

class PatientMatchTests {

	private static final PatientMatch.Candidate<String> JANE = new PatientMatch.Candidate<>("leg-jane",
			patient("Jane", "Doe", 1980, 4, 12));

	private static final PatientMatch.Candidate<String> JOHN = new PatientMatch.Candidate<>("leg-john",
			patient("John", "Roe", 1975, 9, 30));

	@Test
	void shouldMatchTheOneWaitingLegWhosePatientTheRecordNamesByNameAndBirthDate() {
		assertThat(PatientMatch.single("DOE, JANE   DOB 04/12/1980\nProgress note", List.of(JANE, JOHN)))
			.contains("leg-jane");
		assertThat(PatientMatch.single("Patient: John Roe, born September 30, 1975", List.of(JANE, JOHN)))
			.contains("leg-john");
	}

	@Test
	void shouldNeverGuess() {
		// the name alone, or the birth date alone, is not enough
		assertThat(PatientMatch.single("Patient: Jane Doe", List.of(JANE, JOHN))).isEmpty();
		assertThat(PatientMatch.single("DOB 1980-04-12", List.of(JANE, JOHN))).isEmpty();
		// two waiting legs for the same patient: a person decides
		PatientMatch.Candidate<String> again = new PatientMatch.Candidate<>("leg-jane-2", JANE.patient());
		assertThat(PatientMatch.single("Jane Doe 1980-04-12", List.of(JANE, again))).isEmpty();
	}

	private static Patient patient(String given, String family, int year, int month, int day) {
		return new Patient(new Patient.Name(List.of(given), family), LocalDate.of(year, month, day), List.of());
	}

}
