package org.recordhub.authorization;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import ca.uhn.fhir.context.FhirContext;
import org.junit.jupiter.api.Test;
import org.recordhub.request.AuthorizationForm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

public class ConsentAuthorizationsTests {

	public static final String CONSENT = """
			{"resourceType": "Consent", "status": "active",
			 "contained": [
			   {"resourceType": "Patient", "id": "p", "name": [{"family": "Doe", "given": ["Jane"]}], "birthDate": "1980-04-12"},
			   {"resourceType": "RelatedPerson", "id": "rp", "patient": {"reference": "#p"},
			    "name": [{"text": "John Doe"}], "relationship": [{"text": "Health care proxy"}]},
			   {"resourceType": "Organization", "id": "custodian", "name": "St. Mary Medical Center"},
			   {"resourceType": "Organization", "id": "firm", "name": "Smith & Lee LLP"}],
			 "extension": [
			   {"url": "https://recordhub.org/fhir/StructureDefinition/authorization-statement", "valueCode": "rightToRevoke"},
			   {"url": "https://recordhub.org/fhir/StructureDefinition/authorization-statement", "valueCode": "conditioning"},
			   {"url": "https://recordhub.org/fhir/StructureDefinition/authorization-statement", "valueCode": "redisclosure"},
			   {"url": "https://recordhub.org/fhir/StructureDefinition/authorization-statement", "valueCode": "plainLanguage"}],
			 "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy"}]},
			 "category": [{"coding": [{"system": "http://loinc.org", "code": "64292-6"}]}],
			 "patient": {"reference": "#p"}, "dateTime": "2026-10-01",
			 "performer": [{"reference": "#rp"}], "organization": [{"reference": "#custodian"}],
			 "provision": {"type": "permit", "period": {"end": "2027-10-01"},
			   "actor": [{"role": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "code": "IRCP"}]},
			              "reference": {"reference": "#firm"}}],
			   "purpose": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActReason", "code": "HLEGAL"}],
			   "securityLabel": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "HIV"}],
			   "code": [{"text": "All records 2023-01-01 to 2024-06-30"}],
			   "dataPeriod": {"start": "2023-01-01", "end": "2024-06-30"}}}
			""";

	private final ConsentAuthorizations consents = new ConsentAuthorizations(FhirContext.forR4Cached());

	@Test
	void shouldMapAConsentToTheStructuredAuthorization() {
		AuthorizationForm authorization = this.consents.read(CONSENT);
		assertThat(authorization.patient().displayName()).isEqualTo("Jane Doe");
		assertThat(authorization.patient().birthDate()).isEqualTo(LocalDate.of(1980, 4, 12));
		assertThat(authorization.signed()).isTrue();
		assertThat(authorization.signatureDate()).isEqualTo(LocalDate.of(2026, 10, 1));
		assertThat(authorization.signer().type()).isEqualTo("PERSONAL_REPRESENTATIVE");
		assertThat(authorization.signer().authorityDescription()).isEqualTo("Health care proxy");
		assertThat(authorization.disclosers()).containsExactly("St. Mary Medical Center");
		assertThat(authorization.recipients()).containsExactly("Smith & Lee LLP");
		assertThat(authorization.purposes()).containsExactly("LITIGATION");
		assertThat(authorization.informationCategories()).containsExactly("HIV");
		assertThat(authorization.authorizedDateRange().from()).isEqualTo(LocalDate.of(2023, 1, 1));
		assertThat(authorization.expirationDate()).isEqualTo(LocalDate.of(2027, 10, 1));
		assertThat(authorization.statements().rightToRevoke()).isTrue();
		assertThat(authorization.plainLanguage()).isTrue();
		assertThat(authorization.revoked()).isFalse();
	}

	@Test
	void shouldPassTheRulesWhenTheConsentIsComplete() {
		AuthorizationRules rules = new AuthorizationRules(Path.of("rules"),
				Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC), 30);
		Verdict verdict = rules.check(this.consents.read(CONSENT));
		assertThat(verdict.decision()).isEqualTo(Verdict.Decision.ACCEPT_WITH_WARNINGS);
		assertThat(verdict.findings()).extracting(Finding::code).containsExactly("SENSITIVE_CATEGORIES");
	}

	@Test
	void shouldTreatAnInactiveConsentAsRevoked() {
		assertThat(this.consents.read(CONSENT.replace("\"status\": \"active\"", "\"status\": \"inactive\"")).revoked())
			.isTrue();
	}

	@Test
	void shouldRefuseWhatIsNotAConsent() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.consents.read("{\"resourceType\": \"Patient\"}"))
			.withMessageContaining("Consent");
		assertThatIllegalArgumentException().isThrownBy(() -> this.consents.read("{not json"));
	}

}
