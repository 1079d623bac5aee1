package org.recordhub.authorization;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.recordhub.request.AuthorizationForm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The fillable form, filled the way a PDF viewer fills it. */
class AuthorizationPdfFormTests {

	private final AuthorizationPdfForm form = new AuthorizationPdfForm();

	@Test
	void shouldReadAFilledFormIntoTheStructuredAuthorization() {
		byte[] filled = fill(
				Map.of("patient_given", "Jane", "patient_family", "Doe", "patient_birthDate", "1980-04-12",
						"disclosers", "St. Mary Medical Center\nMercy Hospital", "recipients", "Smith & Lee LLP",
						"informationDescription", "All records 2023-01-01 to 2024-06-30", "authorizedDateRange_from",
						"2023-01-01", "authorizedDateRange_to", "2024-06-30", "informationCategories", "GENERAL\nHIV"),
				Map.of("purposes", "LITIGATION", "expirationDate", "2027-10-01", "signer_type", "patient",
						"signer_name", "Jane Doe", "signatureDate", "2026-10-01", "initiatedBy", "requester",
						"stateForm", "NY-DOH-2557"),
				List.of("signed", "statements_rightToRevoke", "statements_conditioning", "statements_redisclosure",
						"plainLanguage"));
		AuthorizationForm authorization = this.form.read(filled);
		assertThat(authorization.patient().displayName()).isEqualTo("Jane Doe");
		assertThat(authorization.patient().birthDate()).isEqualTo(LocalDate.of(1980, 4, 12));
		assertThat(authorization.disclosers()).containsExactly("St. Mary Medical Center", "Mercy Hospital");
		assertThat(authorization.informationCategories()).containsExactly("GENERAL", "HIV");
		assertThat(authorization.authorizedDateRange().to()).isEqualTo(LocalDate.of(2024, 6, 30));
		assertThat(authorization.signer().type()).isEqualTo("PATIENT");
		assertThat(authorization.initiatedBy()).isEqualTo("REQUESTER");
		assertThat(authorization.signed()).isTrue();
		assertThat(authorization.anyProviderMayDisclose()).isFalse();
		assertThat(authorization.statements().rightToRevoke()).isTrue();
		assertThat(authorization.statements().rightToInspect()).isFalse();
		assertThat(authorization.stateForm()).isEqualTo("NY-DOH-2557");
		assertThat(this.form.isThisForm(filled)).isTrue();
	}

	@Test
	void shouldReadABlankFormAsNothingPresent() {
		AuthorizationForm blank = this.form.read(this.form.blank());
		assertThat(blank.patient()).isNull();
		assertThat(blank.signatureDate()).isNull();
		assertThat(blank.signed()).isFalse();
		assertThat(blank.recipients()).isEmpty();
	}

	@Test
	void shouldNameAFieldThatIsNotADate() {
		byte[] filled = fill(Map.of("signatureDate", "October 1st"), Map.of(), List.of());
		assertThatIllegalArgumentException().isThrownBy(() -> this.form.read(filled))
			.withMessageContaining("signatureDate");
	}

	@Test
	void shouldNotMistakeAnotherPdfForTheForm() {
		assertThat(this.form.isThisForm(org.recordhub.document.TextPdf.render("Letter", "Dear clinic"))).isFalse();
	}

	private static byte[] fill(Map<String, String> text, Map<String, String> moreText, List<String> checked) {
		Map<String, String> all = new java.util.HashMap<>(text);
		all.putAll(moreText);
		return FilledForms.fill(all, checked);
	}

}
