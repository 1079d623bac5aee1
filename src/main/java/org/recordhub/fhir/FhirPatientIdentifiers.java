package org.recordhub.fhir;

import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import org.hl7.fhir.r4.model.Patient;
import org.recordhub.request.PatientIdentifiers;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The request's patient identifiers as the delivered Patient will carry them, checked by
 * HAPI's instance validator (the one every delivery bundle goes through) against base
 * FHIR's Patient: the identifier rules are FHIR's own, not a profile's.
 */
@Component
class FhirPatientIdentifiers implements PatientIdentifiers {

	private static final String PATIENT = "http://hl7.org/fhir/StructureDefinition/Patient";

	/**
	 * Base FHIR only, one for the whole JVM: its first validation takes seconds, later
	 * ones milliseconds.
	 */
	private static final class Base {

		static final FhirValidator VALIDATOR = create();

		private static FhirValidator create() {
			try {
				return BundleValidator.validator(FhirContext.forR4Cached(), List.of(), List.of());
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}

	}

	/**
	 * Takes the validator's first-use cost at start-up rather than on a requester's call.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void warmUp() {
		Thread warmUp = new Thread(
				() -> problems(new org.recordhub.request.Patient(null, null,
						List.of(new org.recordhub.request.Patient.Identifier("urn:oid:2.16.840.1.113883.4.1", "0")))),
				"patient-identifier-check-warm-up");
		warmUp.setDaemon(true);
		warmUp.start();
	}

	@Override
	public List<String> problems(org.recordhub.request.Patient patient) {
		if (patient.identifiers().isEmpty()) {
			return List.of();
		}
		Patient resource = new Patient();
		for (org.recordhub.request.Patient.Identifier identifier : patient.identifiers()) {
			resource.addIdentifier().setSystem(identifier.system()).setValue(identifier.value());
		}
		// the validator names the element (Patient.identifier[0].system); the request
		// calls it patient.identifiers[0].system. Values are left out: they are PHI
		return BundleValidator.errors(Base.VALIDATOR, resource, PATIENT)
			.stream()
			.filter((error) -> error.startsWith("Patient.identifier"))
			.map((error) -> error.replaceFirst("^Patient\\.identifier", "patient.identifiers")
				.replaceAll("\\('[^']*'\\)", ""))
			.toList();
	}

}
