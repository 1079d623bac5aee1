package org.recordhub.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI FHIR's instance validator loaded with the official packages from
 * {@code ../shared/fhir-packages/} (base R4 from hapi-fhir-validation-resources-r4) and
 * RecordHub's own profiles from {@code fhir-profiles/}. LOINC and other external
 * terminologies are not in the packages: codes from systems the validator cannot check
 * are warnings, never errors, so RecordHub checks the LOINC codes it emits against its
 * own closed list.
 */
public final class OfficialProfiles {

	static final Path PACKAGES = Path.of("../shared/fhir-packages");

	public static final String PROVIDE_BUNDLE = "https://profiles.ihe.net/ITI/MHD/StructureDefinition/IHE.MHD.Comprehensive.ProvideBundle";

	public static final String US_CORE_DOCUMENT_REFERENCE = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-documentreference";

	private static final Map<String, OfficialProfiles> LOADED = new ConcurrentHashMap<>();

	private final FhirValidator validator;

	private OfficialProfiles(FhirContext fhir, List<String> packages) {
		try {
			List<InputStream> streams = new ArrayList<>();
			for (String file : packages) {
				streams.add(Files.newInputStream(PACKAGES.resolve(file)));
			}
			List<IBaseResource> own = new ArrayList<>();
			try (var files = Files.list(Path.of("fhir-profiles"))) {
				for (Path file : files.filter((f) -> f.getFileName().toString().startsWith("StructureDefinition-"))
					.toList()) {
					own.add(fhir.newJsonParser().parseResource(Files.readString(file)));
				}
			}
			this.validator = BundleValidator.validator(fhir, streams, own);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * IHE MHD 4.2.3 with what it depends on, and US Core 6.1.0 or 7.0.0 (a
	 * DocumentReference claims both; the two US Core versions share their profiles' URLs,
	 * so each gets a validator of its own).
	 */
	public static OfficialProfiles mhdAndUsCore(FhirContext fhir, String usCoreVersion) {
		// loading and warming a validator takes seconds: one per version for all tests
		return LOADED.computeIfAbsent(usCoreVersion,
				(version) -> new OfficialProfiles(fhir, List.of("ihe.iti.mhd-4.2.3.tgz", "ihe.iti.balp-1.1.4.tgz",
						"hl7.fhir.uv.extensions.r4-5.2.0.tgz", "hl7.fhir.us.core-" + version + ".tgz")));
	}

	/** The errors (and fatal errors) of validating the resource against the profile. */
	public List<String> errors(IBaseResource resource, String profile) {
		return BundleValidator.errors(this.validator, resource, profile);
	}

}
