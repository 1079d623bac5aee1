package org.recordhub.authorization;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.recordhub.request.AuthorizationForm;
import org.recordhub.request.DateRange;
import org.recordhub.request.Patient;

import org.springframework.stereotype.Component;

/**
 * Maps a FHIR R4 {@code Consent} (as HIM departments send one) to the structured
 * authorization. Contained resources are resolved for the patient, the signer and
 * organisations; the mapping is in the README ("Authorizations as FHIR Consent").
 */
@Component
public class ConsentAuthorizations {

	/**
	 * Repeating extension on Consent: a required statement the signed document contains.
	 */
	public static final String STATEMENT_EXTENSION = "https://recordhub.org/fhir/StructureDefinition/authorization-statement";

	private static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

	private static final Map<String, String> PURPOSES = Map.of("TREAT", "CONTINUING_CARE", "HPAYMT", "INSURANCE",
			"HRESCH", "RESEARCH", "PATRQT", "AT_REQUEST_OF_INDIVIDUAL", "HLEGAL", "LITIGATION");

	private static final Map<String, String> CATEGORIES = Map.of("HIV", "HIV", "ETH", "SUBSTANCE_USE_DISORDER", "PSY",
			"MENTAL_HEALTH", "PSYTHPN", "PSYCHOTHERAPY_NOTES", "GDIS", "GENETIC");

	private final FhirContext fhir;

	ConsentAuthorizations(FhirContext fhir) {
		this.fhir = fhir;
	}

	/**
	 * Parses Consent JSON and maps it.
	 * @throws IllegalArgumentException when it is not a Consent resource
	 */
	public AuthorizationForm read(String json) {
		IBaseResource resource;
		try {
			resource = this.fhir.newJsonParser().parseResource(json);
		}
		catch (DataFormatException ex) {
			throw new IllegalArgumentException("Not a FHIR resource: " + ex.getMessage(), ex);
		}
		if (!(resource instanceof Consent consent)) {
			throw new IllegalArgumentException("Expected a Consent resource, not " + resource.fhirType());
		}
		return map(consent);
	}

	public AuthorizationForm map(Consent consent) {
		Consent.ProvisionComponent provision = consent.getProvision();
		List<String> recipients = new ArrayList<>();
		for (Consent.provisionActorComponent actor : provision.getActor()) {
			if (actor.getRole().getCoding().stream().anyMatch((c) -> "IRCP".equals(c.getCode()))) {
				recipients.add(name(actor.getReference()));
			}
		}
		List<String> categories = new ArrayList<>();
		for (Coding label : provision.getSecurityLabel()) {
			if (CATEGORIES.containsKey(label.getCode())) {
				categories.add(CATEGORIES.get(label.getCode()));
			}
		}
		List<String> purposes = provision.getPurpose()
			.stream()
			.map((c) -> ACT_REASON.equals(c.getSystem()) ? PURPOSES.getOrDefault(c.getCode(), c.getCode())
					: c.getCode().toUpperCase(Locale.ROOT))
			.toList();
		List<String> statements = consent.getExtensionsByUrl(STATEMENT_EXTENSION)
			.stream()
			.map(Extension::getValue)
			.map((value) -> value.primitiveValue())
			.toList();
		String description = !provision.getCode().isEmpty() && provision.getCodeFirstRep().hasText()
				? provision.getCodeFirstRep().getText() : consent.getSourceAttachment().getTitle();
		return new AuthorizationForm(patient(consent.getPatient()),
				consent.getStatus() == Consent.ConsentState.ACTIVE
						|| consent.getStatus() == Consent.ConsentState.INACTIVE,
				date(consent.getDateTimeElement()), signer(consent), null,
				consent.getOrganization().stream().map(this::name).toList(), null, recipients, description,
				range(provision.getDataPeriod()), categories, purposes, date(provision.getPeriod().getEndElement()),
				null,
				new AuthorizationForm.Statements(statements.contains("rightToRevoke"),
						statements.contains("conditioning"), statements.contains("redisclosure"),
						statements.contains("part2Redisclosure"), statements.contains("rightToInspect")),
				statements.contains("plainLanguage"), consent.getStatus() == Consent.ConsentState.INACTIVE, null, null,
				null, null, null);
	}

	private static Patient patient(Reference reference) {
		if (reference.getResource() instanceof org.hl7.fhir.r4.model.Patient patient && patient.hasName()) {
			HumanName name = patient.getNameFirstRep();
			return new Patient(
					new Patient.Name(name.getGiven().stream().map((g) -> g.getValue()).toList(), name.getFamily()),
					date(patient.getBirthDateElement()), List.of());
		}
		return null;
	}

	private AuthorizationForm.Signer signer(Consent consent) {
		if (!consent.hasPerformer()) {
			return null;
		}
		IBaseResource performer = consent.getPerformerFirstRep().getResource();
		if (performer instanceof RelatedPerson person) {
			String authority = person.getRelationshipFirstRep().hasText() ? person.getRelationshipFirstRep().getText()
					: person.getRelationshipFirstRep().getCodingFirstRep().getDisplay();
			return new AuthorizationForm.Signer("PERSONAL_REPRESENTATIVE",
					person.getNameFirstRep().getNameAsSingleString(), authority);
		}
		if (performer instanceof org.hl7.fhir.r4.model.Patient patient) {
			return new AuthorizationForm.Signer("PATIENT", patient.getNameFirstRep().getNameAsSingleString(), null);
		}
		return null;
	}

	private String name(Reference reference) {
		if (reference.getResource() instanceof Organization organization) {
			return organization.getName();
		}
		return reference.getDisplay();
	}

	private static DateRange range(Period period) {
		LocalDate from = date(period.getStartElement());
		LocalDate to = date(period.getEndElement());
		return (from != null && to != null) ? new DateRange(from, to) : null;
	}

	private static LocalDate date(BaseDateTimeType value) {
		return (value != null && value.getValueAsString() != null)
				? LocalDate.parse(value.getValueAsString().substring(0, 10)) : null;
	}

}
