package org.recordhub.fhir;

import java.util.List;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * A DocumentReference's facility type and practice setting (SNOMED CT, from the value
 * sets IHE XDS uses), told by the provider's primary NUCC taxonomy code from the
 * directory (NPPES gives one for every provider): the first row whose taxonomy prefix
 * matches. A provider with no taxonomy, or one not listed, is an ambulatory care site in
 * general medicine, as most record custodians asked are.
 */
final class PracticeSettings {

	private static final String SNOMED = "http://snomed.info/sct";

	private static final Setting AMBULATORY = new Setting(null, "35971002", "Ambulatory care site", "394802001",
			"General medicine");

	/** Taxonomy prefixes, most specific first. */
	private static final List<Setting> SETTINGS = List.of(
			new Setting("282N", "22232009", "Hospital", "394802001", "General medicine"),
			new Setting("283Q", "62480006", "Psychiatric hospital", "394587001", "Psychiatry"),
			new Setting("207P", "225728007", "Accident and Emergency department", "773568002", "Emergency medicine"),
			new Setting("207Q", "35971002", "Ambulatory care site", "419772000", "Family practice"),
			new Setting("207R", "35971002", "Ambulatory care site", "419192003", "Internal medicine"),
			new Setting("2080", "35971002", "Ambulatory care site", "394537008", "Pediatric specialty"),
			new Setting("207X", "35971002", "Ambulatory care site", "394801008", "Trauma and orthopedics"),
			new Setting("2084P08", "35971002", "Ambulatory care site", "394587001", "Psychiatry"),
			new Setting("207V", "35971002", "Ambulatory care site", "394585009", "Obstetrics and gynecology"),
			new Setting("2085R", "35971002", "Ambulatory care site", "394914008", "Radiology"),
			new Setting("207Z", "35971002", "Ambulatory care site", "394595002", "Pathology"));

	private PracticeSettings() {
	}

	static Setting of(String taxonomy) {
		if (taxonomy == null) {
			return AMBULATORY;
		}
		return SETTINGS.stream()
			.filter((setting) -> taxonomy.startsWith(setting.taxonomyPrefix()))
			.findFirst()
			.orElse(AMBULATORY);
	}

	record Setting(String taxonomyPrefix, String facilityCode, String facilityDisplay, String practiceCode,
			String practiceDisplay) {

		CodeableConcept facilityType() {
			return new CodeableConcept(new Coding(SNOMED, this.facilityCode, this.facilityDisplay));
		}

		CodeableConcept practiceSetting() {
			return new CodeableConcept(new Coding(SNOMED, this.practiceCode, this.practiceDisplay));
		}

	}

}
