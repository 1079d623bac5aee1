package org.recordhub.fhir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.recordhub.document.RecordDocumentRepository.RecordDocument;
import org.recordhub.document.TextPdf;
import org.recordhub.provider.Provider;
import org.recordhub.request.DateRange;
import org.recordhub.request.LegState;
import org.recordhub.request.Priority;
import org.recordhub.request.ProviderLeg;
import org.recordhub.request.RequestDetails;
import org.recordhub.request.RequestStatus;
import org.recordhub.request.RetrievalRequest;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryBundlesTests {

	private static final FhirContext FHIR = FhirContext.forR4();

	/** When RecordHub received the records: every document's date. */
	private static final java.util.Date RECEIVED = java.util.Date.from(java.time.Instant.parse("2026-11-02T14:05:00Z"));

	private final byte[] note = TextPdf.render("Records", "Progress note\nPatient: Jane Doe");

	private final byte[] bill = TextPdf.render("Records", "Itemized statement\nPatient: Jane Doe");

	private final Bundle bundle = build();

	private Bundle build() {
		return build(List.of("GENERAL"));
	}

	private Bundle build(List<String> categories) {
		return new DeliveryBundles().build("https://fhir.smith-lee.example/r4", request(categories), leg(), provider(),
				requester(),
				List.of(new DeliveryBundles.Delivered("8c9d3f43-1f3e-4f7e-9d55-0d6e1c1a2b01",
						document("http://loinc.org", "11506-3", "Progress note", LocalDate.of(2023, 5, 1)), this.note,
						RECEIVED),
						new DeliveryBundles.Delivered("8c9d3f43-1f3e-4f7e-9d55-0d6e1c1a2b02",
								document("https://recordhub.org/fhir/CodeSystem/document-type", "billing-statement",
										"Billing / itemized statement", null),
								this.bill, RECEIVED)));
	}

	@Test
	void shouldBeAnIti65ProvideBundleWhoseDocumentReferencesAreAlsoUsCoreOnesInBothVersions() {
		for (String version : List.of("6.1.0", "7.0.0")) {
			OfficialProfiles profiles = OfficialProfiles.mhdAndUsCore(FHIR, version);
			assertThat(profiles.errors(this.bundle, OfficialProfiles.PROVIDE_BUNDLE))
				.as("IHE MHD Comprehensive ProvideBundle, with US Core " + version)
				.isEmpty();
			assertThat(profiles.errors(this.bundle, BundleValidator.PROVIDE_BUNDLE))
				.as("RecordHub's own bundle profile, with US Core " + version)
				.isEmpty();
			for (DocumentReference reference : all(DocumentReference.class)) {
				assertThat(profiles.errors(reference, OfficialProfiles.US_CORE_DOCUMENT_REFERENCE))
					.as("US Core " + version + " DocumentReference")
					.isEmpty();
			}
		}
	}

	@Test
	void shouldSayWhichDeliveredDocumentACorrectedOneReplaces() {
		String earlier = "8c9d3f43-1f3e-4f7e-9d55-0d6e1c1a2b00";
		Bundle correction = new DeliveryBundles().build("https://fhir.smith-lee.example/r4",
				request(List.of("GENERAL")), leg(), provider(), requester(),
				List.of(new DeliveryBundles.Delivered("8c9d3f43-1f3e-4f7e-9d55-0d6e1c1a2b01",
						document("http://loinc.org", "11506-3", "Progress note", LocalDate.of(2023, 5, 1)), this.note,
						RECEIVED, earlier)));
		DocumentReference reference = (DocumentReference) correction.getEntry().get(1).getResource();
		assertThat(reference.getRelatesTo()).singleElement().satisfies((relation) -> {
			assertThat(relation.getCode()).isEqualTo(DocumentReference.DocumentRelationshipType.REPLACES);
			// by the replaced DocumentReference's entryUUID, valid on any receiving
			// server
			assertThat(relation.getTarget().getIdentifier().getValue()).isEqualTo("urn:uuid:" + earlier);
		});
		// documents replacing nothing say nothing about it
		assertThat(all(DocumentReference.class)).allSatisfy((r) -> assertThat(r.getRelatesTo()).isEmpty());
		assertThat(new BundleValidator(FHIR).errors(correction)).isEmpty();
		for (String version : List.of("6.1.0", "7.0.0")) {
			assertThat(OfficialProfiles.mhdAndUsCore(FHIR, version).errors(correction, OfficialProfiles.PROVIDE_BUNDLE))
				.isEmpty();
		}
	}

	@Test
	void shouldTellFacilityAndPracticeSettingByTheProvidersTaxonomy() {
		Provider orthopedics = new Provider("lakeside-ortho", "1234567893", "Lakeside Orthopedics",
				Provider.Role.PROVIDER, true, null, null, null, "207X00000X", List.of(), null);
		Provider hospital = new Provider("mercy", "1234567893", "Mercy Hospital", Provider.Role.PROVIDER, true, null,
				null, null, "282N00000X", List.of(), null);
		DocumentReference fromOrthopedics = firstDocument(orthopedics);
		assertThat(fromOrthopedics.getContext().getPracticeSetting().getCodingFirstRep().getCode())
			.isEqualTo("394801008");
		assertThat(fromOrthopedics.getContext().getFacilityType().getCodingFirstRep().getCode()).isEqualTo("35971002");
		assertThat(firstDocument(hospital).getContext().getFacilityType().getCodingFirstRep().getCode())
			.isEqualTo("22232009");
		// no taxonomy: an ambulatory care site in general medicine
		assertThat(all(DocumentReference.class).get(0).getContext().getPracticeSetting().getCodingFirstRep().getCode())
			.isEqualTo("394802001");
	}

	private DocumentReference firstDocument(Provider provider) {
		Bundle bundle = new DeliveryBundles().build("https://fhir.smith-lee.example/r4", request(List.of("GENERAL")),
				leg(), provider, requester(),
				List.of(new DeliveryBundles.Delivered("8c9d3f43-1f3e-4f7e-9d55-0d6e1c1a2b01",
						document("http://loinc.org", "11506-3", "Progress note", LocalDate.of(2023, 5, 1)), this.note,
						RECEIVED)));
		assertThat(new BundleValidator(FHIR).errors(bundle)).isEmpty();
		return (DocumentReference) bundle.getEntry().get(1).getResource();
	}

	@Test
	void shouldPassTheValidatorRecordHubShipsAndFailItWhenCorrupted() {
		BundleValidator validator = new BundleValidator(FHIR);
		assertThat(validator.errors(this.bundle)).isEmpty();
		Bundle corrupted = build();
		DocumentReference reference = corrupted.getEntry()
			.stream()
			.map(Bundle.BundleEntryComponent::getResource)
			.filter(DocumentReference.class::isInstance)
			.map(DocumentReference.class::cast)
			.findFirst()
			.orElseThrow();
		// what RecordHub's profile adds to MHD and US Core: a title is required
		reference.getContentFirstRep().getAttachment().setTitle(null);
		assertThat(validator.errors(corrupted)).singleElement()
			.satisfies((error) -> assertThat(error).startsWith("Bundle.entry[1]: ")
				.contains("recordhub-provide-bundle", "does not match any known slice",
						"recordhub-document-reference"));
		// and what MHD requires
		reference.setSubject(null);
		assertThat(validator.errors(corrupted))
			.anySatisfy((error) -> assertThat(error).contains("DocumentReference.subject: minimum required = 1"));
	}

	@Test
	void shouldKeepTheExampleInFhirProfilesValid() throws Exception {
		Bundle example = (Bundle) FHIR.newJsonParser()
			.parseResource(
					Files.readString(Path.of("fhir-profiles/examples/Bundle-recordhub-provide-bundle-example.json")));
		assertThat(new BundleValidator(FHIR).errors(example)).isEmpty();
		assertThat(OfficialProfiles.mhdAndUsCore(FHIR, "7.0.0").errors(example, OfficialProfiles.PROVIDE_BUNDLE))
			.isEmpty();
	}

	@Test
	void shouldLabelSensitiveRecordsRestrictedAndSubstanceUseRecordsWith42CfrPart2() {
		assertThat(all(DocumentReference.class)).allSatisfy((reference) -> assertThat(reference.getSecurityLabel())
			.extracting((label) -> label.getCodingFirstRep().getCode())
			.containsExactly("N"));
		Bundle sensitive = build(List.of("GENERAL", "SUBSTANCE_USE_DISORDER"));
		DocumentReference reference = (DocumentReference) sensitive.getEntry().get(1).getResource();
		assertThat(reference.getSecurityLabel()).extracting((label) -> label.getCodingFirstRep().getCode())
			.containsExactly("R", "42CFRPart2");
		assertThat(new BundleValidator(FHIR).errors(sensitive)).isEmpty();
		assertThat(OfficialProfiles.mhdAndUsCore(FHIR, "6.1.0").errors(sensitive, OfficialProfiles.PROVIDE_BUNDLE))
			.isEmpty();
		assertThat(((DocumentReference) build(List.of("HIV")).getEntry().get(1).getResource()).getSecurityLabel())
			.extracting((label) -> label.getCodingFirstRep().getCode())
			.containsExactly("R");
	}

	@Test
	void shouldEmitOnlyLoincCodesFromItsClosedList() {
		List<Coding> loinc = all(DocumentReference.class).stream()
			.flatMap((reference) -> java.util.stream.Stream.concat(reference.getType().getCoding().stream(),
					reference.getCategory().stream().flatMap((category) -> category.getCoding().stream())))
			.filter((coding) -> "http://loinc.org".equals(coding.getSystem()))
			.toList();
		assertThat(loinc).isNotEmpty().allSatisfy((coding) -> {
			assertThat(LoincDocumentCodes.CODES).containsKey(coding.getCode());
			assertThat(coding.getDisplay()).isEqualTo(LoincDocumentCodes.CODES.get(coding.getCode()));
		});
		DocumentReference bill = all(DocumentReference.class).get(1);
		assertThat(bill.getType().getCoding()).extracting(Coding::getCode).containsExactly("UNK");
	}

	@Test
	void shouldPostTheMetadataConditionallyAndPutThePatientAndDocuments() {
		assertThat(this.bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
		for (Bundle.BundleEntryComponent entry : this.bundle.getEntry()) {
			if (entry.getResource() instanceof DocumentReference || entry.getResource() instanceof ListResource) {
				assertThat(entry.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.POST);
				assertThat(entry.getFullUrl()).startsWith("urn:uuid:");
				assertThat(entry.getRequest().getIfNoneExist()).startsWith("identifier=urn:ietf:rfc:3986|urn:");
			}
			else {
				assertThat(entry.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PUT);
				assertThat(entry.getFullUrl())
					.isEqualTo("https://fhir.smith-lee.example/r4/" + entry.getRequest().getUrl());
			}
		}
	}

	@Test
	void shouldPointEachDocumentReferenceAtTheBinaryHoldingItsBytes() throws Exception {
		DocumentReference reference = all(DocumentReference.class).get(0);
		var attachment = reference.getContentFirstRep().getAttachment();
		Binary binary = all(Binary.class).get(0);
		// references are the referenced entries' full URLs
		assertThat(attachment.getUrl())
			.isEqualTo("https://fhir.smith-lee.example/r4/Binary/" + binary.getIdElement().getIdPart());
		assertThat(binary.getData()).isEqualTo(this.note);
		assertThat(attachment.getContentType()).isEqualTo("application/pdf");
		assertThat(attachment.getSize()).isEqualTo(this.note.length);
		assertThat(attachment.getHash()).isEqualTo(MessageDigest.getInstance("SHA-1").digest(this.note));
		assertThat(attachment.hasData()).isFalse();
		assertThat(reference.getType().getCodingFirstRep().getCode()).isEqualTo("11506-3");
		assertThat(reference.getContext().getPeriod().getStartElement().getValueAsString()).isEqualTo("2023-05-01");
		assertThat(reference.getSubject().getReference())
			.isEqualTo("https://fhir.smith-lee.example/r4/Patient/" + only(Patient.class).getIdElement().getIdPart());
		assertThat(reference.getCustodian().getDisplay()).isEqualTo("Riverside Family Clinic");
		ListResource submission = only(ListResource.class);
		assertThat(submission.getEntry()).extracting((entry) -> entry.getItem().getReference())
			.containsExactly("urn:uuid:8c9d3f43-1f3e-4f7e-9d55-0d6e1c1a2b01",
					"urn:uuid:8c9d3f43-1f3e-4f7e-9d55-0d6e1c1a2b02");
	}

	@Test
	void shouldCarryThePatientAsTheRequesterIdentifiedThem() {
		Patient patient = only(Patient.class);
		assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Doe");
		assertThat(patient.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Jane");
		assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1980-04-12");
		assertThat(patient.getIdentifier()).anySatisfy((id) -> assertThat(id.getValue()).isEqualTo("MRN-1"));
	}

	@Test
	void shouldBeTheSameBundleWhenBuiltAgain() {
		Bundle again = build();
		assertThat(again.getEntry().stream().map(Bundle.BundleEntryComponent::getFullUrl)).containsExactlyElementsOf(
				this.bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getFullUrl).toList());
		assertThat(again.getEntry().stream().map((entry) -> entry.getRequest().getIfNoneExist()))
			.containsExactlyElementsOf(
					this.bundle.getEntry().stream().map((entry) -> entry.getRequest().getIfNoneExist()).toList());
	}

	private <T> List<T> all(Class<T> type) {
		return this.bundle.getEntry()
			.stream()
			.map(Bundle.BundleEntryComponent::getResource)
			.filter(type::isInstance)
			.map(type::cast)
			.toList();
	}

	private <T> T only(Class<T> type) {
		return this.bundle.getEntry()
			.stream()
			.map(Bundle.BundleEntryComponent::getResource)
			.filter(type::isInstance)
			.map(type::cast)
			.reduce((a, b) -> {
				throw new AssertionError("more than one " + type.getSimpleName());
			})
			.orElseThrow();
	}

	private static RetrievalRequest request(List<String> categories) {
		org.recordhub.request.Patient patient = new org.recordhub.request.Patient(
				new org.recordhub.request.Patient.Name(List.of("Jane"), "Doe"), LocalDate.of(1980, 4, 12),
				List.of(new org.recordhub.request.Patient.Identifier("urn:oid:2.16.840.1.113883.19.5", "MRN-1")));
		return new RetrievalRequest("request-1", "smith-lee", "requester-a", Instant.parse("2026-11-27T10:00:00Z"),
				RequestStatus.IN_PROGRESS, "LITIGATION", Priority.ROUTINE,
				new RequestDetails(patient, null, null,
						new DateRange(LocalDate.of(2023, 1, 1), LocalDate.of(2024, 6, 30)), List.of(), categories,
						null),
				List.of(leg()));
	}

	private static ProviderLeg leg() {
		return new ProviderLeg("leg-1", "request-1", "sandbox-clinic", LegState.COMPLETE, "sftp", null,
				Instant.parse("2026-11-27T11:00:00Z"));
	}

	private static Provider provider() {
		return new Provider("sandbox-clinic", "1234567893", "Riverside Family Clinic", Provider.Role.PROVIDER, true,
				null, null, null, null, List.of(), null);
	}

	private static Provider requester() {
		return new Provider("smith-lee", null, "Smith & Lee LLP", Provider.Role.REQUESTER, true, null, null, null, null,
				List.of(), null);
	}

	private static RecordDocument document(String system, String code, String display, LocalDate dateOfService) {
		return new RecordDocument("file-1", 1, 1, system, code, display, dateOfService, 1, 1, "title");
	}

}
