package org.recordhub.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport.IssueSeverity;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.utilities.npm.NpmPackage;

/**
 * HAPI FHIR's instance validator loaded with official packages from
 * {@code ../shared/fhir-packages/} (base R4 from hapi-fhir-validation-resources-r4).
 * LOINC and other external terminologies are not in the packages: codes from systems the
 * validator cannot check are warnings, never errors, so RecordHub checks the LOINC codes
 * it emits against its own closed list.
 */
final class OfficialProfiles {

	static final Path PACKAGES = Path.of("../shared/fhir-packages");

	static final String PROVIDE_BUNDLE = "https://profiles.ihe.net/ITI/MHD/StructureDefinition/IHE.MHD.Comprehensive.ProvideBundle";

	static final String US_CORE_DOCUMENT_REFERENCE = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-documentreference";

	private final FhirValidator validator;

	private OfficialProfiles(FhirContext fhir, List<String> packages) {
		PrePopulatedValidationSupport loaded = new PrePopulatedValidationSupport(fhir);
		for (String file : packages) {
			load(fhir, loaded, PACKAGES.resolve(file));
		}
		UnknownCodeSystemWarningValidationSupport unknown = new UnknownCodeSystemWarningValidationSupport(fhir);
		unknown.setNonExistentCodeSystemSeverity(IssueSeverity.WARNING);
		ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(fhir), loaded,
				new CommonCodeSystemsTerminologyService(fhir), new InMemoryTerminologyServerValidationSupport(fhir),
				new SnapshotGeneratingValidationSupport(fhir), unknown);
		this.validator = fhir.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
	}

	/**
	 * IHE MHD 4.2.3 with what it depends on, and US Core 6.1.0 or 7.0.0 (a
	 * DocumentReference claims both; the two US Core versions share their profiles' URLs,
	 * so each gets a validator of its own).
	 */
	static OfficialProfiles mhdAndUsCore(FhirContext fhir, String usCoreVersion) {
		return new OfficialProfiles(fhir, List.of("ihe.iti.mhd-4.2.3.tgz", "ihe.iti.balp-1.1.4.tgz",
				"hl7.fhir.uv.extensions.r4-5.2.0.tgz", "hl7.fhir.us.core-" + usCoreVersion + ".tgz"));
	}

	/** The errors (and fatal errors) of validating the resource against the profile. */
	List<String> errors(IBaseResource resource, String profile) {
		return this.validator.validateWithResult(resource, new ValidationOptions().addProfile(profile))
			.getMessages()
			.stream()
			.filter((message) -> message.getSeverity() == ResultSeverityEnum.ERROR
					|| message.getSeverity() == ResultSeverityEnum.FATAL)
			.map(OfficialProfiles::describe)
			.toList();
	}

	private static String describe(SingleValidationMessage message) {
		return message.getLocationString() + ": " + message.getMessage();
	}

	private static void load(FhirContext fhir, PrePopulatedValidationSupport support, Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			NpmPackage npm = NpmPackage.fromPackage(in);
			for (String name : npm.list("package")) {
				if (!name.endsWith(".json") || name.equals("package.json") || name.startsWith(".")) {
					continue;
				}
				try (InputStream resource = npm.load("package", name)) {
					IBaseResource parsed = fhir.newJsonParser().parseResource(resource);
					String type = fhir.getResourceType(parsed);
					if (type.equals("StructureDefinition") || type.equals("ValueSet") || type.equals("CodeSystem")) {
						support.addResource(parsed);
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
