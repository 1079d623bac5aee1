package org.recordhub.fhir;

import java.util.Map;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.recordhub.document.RecordDocumentRepository.RecordDocument;

/**
 * The closed list of LOINC document codes RecordHub emits, with their LOINC displays.
 * LOINC is not in the FHIR packages a validator has, so a code is checked here instead: a
 * type found in the records whose code is not on this list (billing statements,
 * correspondence, a row staff added to the document-types table) goes out as the null
 * flavour UNK, which US Core's document type value set allows, with the type's name as
 * text; never as an unchecked LOINC code. (A second coding in RecordHub's own system made
 * the official validator reject the type, so the name travels as text.)
 */
final class LoincDocumentCodes {

	static final String LOINC = "http://loinc.org";

	static final Map<String, String> CODES = Map.ofEntries(Map.entry("18842-5", "Discharge summary"),
			Map.entry("34117-2", "History and physical note"), Map.entry("11506-3", "Progress note"),
			Map.entry("11488-4", "Consult note"), Map.entry("11504-8", "Surgical operation note"),
			Map.entry("28570-0", "Procedure note"), Map.entry("18748-4", "Diagnostic imaging study"),
			Map.entry("11502-2", "Laboratory report"), Map.entry("11526-1", "Pathology study"),
			Map.entry("34111-5", "Emergency department note"),
			Map.entry("10160-0", "History of Medication use Narrative"), Map.entry("11503-0", "Medical records"));

	private LoincDocumentCodes() {
	}

	/** The DocumentReference type of the document. */
	static CodeableConcept type(RecordDocument document) {
		if (LOINC.equals(document.typeSystem()) && CODES.containsKey(document.typeCode())) {
			return new CodeableConcept(new Coding(LOINC, document.typeCode(), CODES.get(document.typeCode())));
		}
		CodeableConcept type = new CodeableConcept();
		type.addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v3-NullFlavor", "UNK", "unknown"));
		type.setText((document.typeDisplay() != null) ? document.typeDisplay() : "Unrecognised document");
		return type;
	}

}
