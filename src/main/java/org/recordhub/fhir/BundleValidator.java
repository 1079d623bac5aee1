package org.recordhub.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport.IssueSeverity;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationOptions;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Validates every outgoing bundle with HAPI FHIR's instance validator against RecordHub's
 * own profiles ({@code fhir-profiles/}, shipped in the jar), which derive from IHE MHD
 * 4.2.3; the MHD and US Core 6.1.0 packages they build on ship with RecordHub too
 * ({@code fhir/packages/}), so nothing outside the jar is read. Codes from terminologies
 * that are not in the packages (LOINC, SNOMED CT) are warnings; RecordHub checks the
 * LOINC codes it emits against its own closed list ({@link LoincDocumentCodes}).
 *
 * <p>
 * Loading the packages and the first validation take seconds, so the validator is built
 * and warmed up once, in the background, when the application is ready.
 */
@Component
public class BundleValidator {

	private static final Logger logger = LoggerFactory.getLogger(BundleValidator.class);

	/** RecordHub's delivery bundle profile. */
	public static final String PROVIDE_BUNDLE = "https://recordhub.org/fhir/StructureDefinition/recordhub-provide-bundle";

	private final FhirContext fhir;

	private FhirValidator validator;

	BundleValidator(FhirContext fhir) {
		this.fhir = fhir;
	}

	@EventListener(ApplicationReadyEvent.class)
	void warmUp() {
		Thread warmUp = new Thread(() -> {
			long start = System.nanoTime();
			errors(new Bundle().setType(Bundle.BundleType.TRANSACTION));
			logger.info("FHIR validator ready in {} ms", (System.nanoTime() - start) / 1_000_000);
		}, "fhir-validator-warm-up");
		warmUp.setDaemon(true);
		warmUp.start();
	}

	/**
	 * The errors that keep the bundle from being delivered; empty when it is valid. The
	 * documents' bytes are left out of what is validated: no profile constrains them
	 * (RecordHub computes their size and hash itself), and a long scanned record would
	 * make the validator encode megabytes of base64 for nothing.
	 */
	public List<String> errors(Bundle bundle) {
		Bundle metadata = new Bundle();
		metadata.setMeta(bundle.getMeta());
		metadata.setType(bundle.getType());
		metadata.setIdentifier(bundle.getIdentifier());
		metadata.setTimestamp(bundle.getTimestamp());
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			Bundle.BundleEntryComponent copy = metadata.addEntry()
				.setFullUrl(entry.getFullUrl())
				.setRequest(entry.getRequest())
				.setResource(entry.getResource());
			if (entry.getResource() instanceof Binary binary) {
				Binary withoutBytes = new Binary();
				withoutBytes.setId(binary.getIdElement());
				withoutBytes.setContentType(binary.getContentType());
				copy.setResource(withoutBytes);
			}
		}
		return errors(validator(), metadata, PROVIDE_BUNDLE);
	}

	private synchronized FhirValidator validator() {
		if (this.validator == null) {
			PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
			try {
				List<InputStream> packages = new ArrayList<>();
				for (Resource resource : resolver.getResources("classpath:fhir/packages/*.tgz")) {
					packages.add(resource.getInputStream());
				}
				List<IBaseResource> own = new ArrayList<>();
				for (Resource resource : resolver.getResources("classpath:fhir-profiles/*.json")) {
					try (InputStream in = resource.getInputStream()) {
						own.add(this.fhir.newJsonParser().parseResource(in));
					}
				}
				this.validator = validator(this.fhir, packages, own);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return this.validator;
	}

	/**
	 * A validator that knows base FHIR R4, the packages (NPM {@code .tgz}, closed here)
	 * and the resources.
	 */
	public static FhirValidator validator(FhirContext fhir, List<InputStream> packages, List<IBaseResource> resources)
			throws IOException {
		PrePopulatedValidationSupport loaded = new PrePopulatedValidationSupport(fhir);
		for (InputStream in : packages) {
			try (in) {
				NpmPackage npm = NpmPackage.fromPackage(in);
				for (String name : npm.list("package")) {
					if (name.endsWith(".json") && !name.equals("package.json") && !name.startsWith(".")) {
						try (InputStream resource = npm.load("package", name)) {
							add(fhir, loaded, fhir.newJsonParser().parseResource(resource));
						}
					}
				}
			}
		}
		resources.forEach((resource) -> add(fhir, loaded, resource));
		UnknownCodeSystemWarningValidationSupport unknown = new UnknownCodeSystemWarningValidationSupport(fhir);
		unknown.setNonExistentCodeSystemSeverity(IssueSeverity.WARNING);
		ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(fhir), loaded,
				new CommonCodeSystemsTerminologyService(fhir), new InMemoryTerminologyServerValidationSupport(fhir),
				new SnapshotGeneratingValidationSupport(fhir), unknown);
		FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
		// best-practice advice is not a reason to hold records back
		instanceValidator.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
		return fhir.newValidator().registerValidatorModule(instanceValidator);
	}

	/** The errors (and fatal errors) of validating the resource against the profile. */
	public static List<String> errors(FhirValidator validator, IBaseResource resource, String profile) {
		return validator.validateWithResult(resource, new ValidationOptions().addProfile(profile))
			.getMessages()
			.stream()
			.filter((message) -> message.getSeverity() == ResultSeverityEnum.ERROR
					|| message.getSeverity() == ResultSeverityEnum.FATAL)
			.map((message) -> message.getLocationString() + ": " + message.getMessage())
			.toList();
	}

	private static void add(FhirContext fhir, PrePopulatedValidationSupport support, IBaseResource resource) {
		String type = fhir.getResourceType(resource);
		if (type.equals("StructureDefinition") || type.equals("ValueSet") || type.equals("CodeSystem")) {
			support.addResource(resource);
		}
	}

}
