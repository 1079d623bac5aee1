package org.recordhub.fhir;

import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.recordhub.document.DocumentStore;
import org.recordhub.document.ReceivedFile;
import org.recordhub.document.TextPdf;
import org.recordhub.request.DateRange;
import org.recordhub.request.LegState;
import org.recordhub.request.Priority;
import org.recordhub.request.ProviderLeg;
import org.recordhub.request.RequestDetails;
import org.recordhub.request.RequestStatus;
import org.recordhub.request.RetrievalRequest;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryBundlesTests {

	private final byte[] record = TextPdf.render("Records", "Patient: Jane Doe");

	private final Bundle bundle = new DeliveryBundles().build("https://fhir.smith-lee.example/r4", request(), leg(),
			"Riverside Family Clinic", List.of(new DeliveryBundles.Delivered(file(), this.record)));

	@Test
	void shouldBeATransactionOfPutsWithAbsoluteFullUrls() {
		assertThat(this.bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
		assertThat(this.bundle.getIdentifier().getValue()).isEqualTo("leg-1");
		assertThat(this.bundle.getEntry()).hasSize(3).allSatisfy((entry) -> {
			assertThat(entry.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PUT);
			assertThat(entry.getFullUrl())
				.isEqualTo("https://fhir.smith-lee.example/r4/" + entry.getRequest().getUrl());
		});
	}

	@Test
	void shouldPointEachDocumentReferenceAtTheBinaryHoldingItsBytes() throws Exception {
		DocumentReference reference = only(DocumentReference.class);
		var attachment = reference.getContentFirstRep().getAttachment();
		Binary binary = only(Binary.class);
		assertThat(attachment.getUrl()).isEqualTo("Binary/" + binary.getIdElement().getIdPart());
		assertThat(binary.getData()).isEqualTo(this.record);
		assertThat(attachment.getContentType()).isEqualTo("application/pdf");
		assertThat(attachment.getSize()).isEqualTo(this.record.length);
		assertThat(attachment.getHash()).isEqualTo(MessageDigest.getInstance("SHA-1").digest(this.record));
		assertThat(attachment.hasData()).isFalse();
		assertThat(reference.getSubject().getReference())
			.isEqualTo("Patient/" + only(Patient.class).getIdElement().getIdPart());
		assertThat(reference.getCustodian().getDisplay()).isEqualTo("Riverside Family Clinic");
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
		Bundle again = new DeliveryBundles().build("https://fhir.smith-lee.example/r4", request(), leg(),
				"Riverside Family Clinic", List.of(new DeliveryBundles.Delivered(file(), this.record)));
		assertThat(again.getEntry().stream().map(Bundle.BundleEntryComponent::getFullUrl)).containsExactlyElementsOf(
				this.bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getFullUrl).toList());
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

	private static RetrievalRequest request() {
		org.recordhub.request.Patient patient = new org.recordhub.request.Patient(
				new org.recordhub.request.Patient.Name(List.of("Jane"), "Doe"), LocalDate.of(1980, 4, 12),
				List.of(new org.recordhub.request.Patient.Identifier("urn:oid:1.2.3", "MRN-1")));
		return new RetrievalRequest("request-1", "smith-lee", "requester-a", Instant.parse("2026-11-27T10:00:00Z"),
				RequestStatus.IN_PROGRESS, "LITIGATION", Priority.ROUTINE,
				new RequestDetails(patient, null, null,
						new DateRange(LocalDate.of(2023, 1, 1), LocalDate.of(2024, 6, 30)), List.of(), null, null),
				List.of(leg()));
	}

	private static ProviderLeg leg() {
		return new ProviderLeg("leg-1", "request-1", "sandbox-clinic", LegState.COMPLETE, "sftp", null,
				Instant.parse("2026-11-27T11:00:00Z"));
	}

	private ReceivedFile file() {
		return new ReceivedFile("file-1", DocumentStore.sha256(this.record), DocumentStore.sha1(this.record),
				"sandbox-clinic", "sftp", "leg-1-records.pdf", this.record.length,
				Instant.parse("2026-11-27T11:00:00Z"), "leg-1", ReceivedFile.Status.PROCESSED, null, "application/pdf",
				1, 17, null, null, null, null, null);
	}

}
