package org.recordhub.fhir;

import java.util.List;

import org.hl7.fhir.r4.model.Patient;
import org.recordhub.request.PatientIdentifiers;

import org.springframework.stereotype.Component;

/**
 * The request's patient identifiers as the delivered Patient will carry them, validated
 * by the validator every delivery bundle goes through.
 */
@Component
class FhirPatientIdentifiers implements PatientIdentifiers {

	private final BundleValidator validator;

	FhirPatientIdentifiers(BundleValidator validator) {
		this.validator = validator;
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
		return this.validator.errors(resource)
			.stream()
			.filter((error) -> error.startsWith("Patient.identifier"))
			.map((error) -> error.replaceFirst("^Patient\\.identifier", "patient.identifiers")
				.replaceAll("\\('[^']*'\\)", ""))
			.toList();
	}

}
