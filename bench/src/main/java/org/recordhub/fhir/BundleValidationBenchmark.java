package org.recordhub.fhir;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.recordhub.document.RecordDocumentRepository.RecordDocument;
import org.recordhub.document.TextPdf;
import org.recordhub.provider.Provider;
import org.recordhub.request.DateRange;
import org.recordhub.request.LegState;
import org.recordhub.request.Patient;
import org.recordhub.request.Priority;
import org.recordhub.request.ProviderLeg;
import org.recordhub.request.RequestDetails;
import org.recordhub.request.RequestStatus;
import org.recordhub.request.RetrievalRequest;

/**
 * Validating a delivery bundle, warm, as the deliver stage does before anything leaves:
 * milliseconds per bundle of {@code documents} DocumentReferences (with their Binaries, the
 * SubmissionSet and the Patient) against RecordHub's profile and the MHD and US Core
 * packages it ships. Divide by {@code documents} for the cost per DocumentReference.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = { "-Xms1g", "-Xmx1g" })
@Threads(1)
public class BundleValidationBenchmark {

	@Param({ "1", "10" })
	public int documents;

	private BundleValidator validator;

	private Bundle bundle;

	@Setup
	public void setUp() {
		this.validator = new BundleValidator(FhirContext.forR4());
		Patient patient = new Patient(new Patient.Name(List.of("Jane"), "Doe"), LocalDate.of(1980, 4, 12),
				List.of(new Patient.Identifier("urn:oid:2.16.840.1.113883.19.5", "MRN-1")));
		ProviderLeg leg = new ProviderLeg("leg-1", "request-1", "sandbox-clinic", LegState.COMPLETE, "sftp", null,
				Instant.parse("2026-11-27T11:00:00Z"));
		RetrievalRequest request = new RetrievalRequest("request-1", "smith-lee", "requester-a",
				Instant.parse("2026-11-27T10:00:00Z"), RequestStatus.IN_PROGRESS, "LITIGATION", Priority.ROUTINE,
				new RequestDetails(patient, null, null, new DateRange(LocalDate.of(2023, 1, 1), LocalDate.of(2024, 6, 30)),
						List.of(), null, null),
				List.of(leg));
		Provider provider = new Provider("sandbox-clinic", "1234567893", "Riverside Family Clinic",
				Provider.Role.PROVIDER, true, null, null, null, null, List.of(), null);
		Provider requester = new Provider("smith-lee", null, "Smith & Lee LLP", Provider.Role.REQUESTER, true, null,
				null, null, null, List.of(), null);
		byte[] pdf = TextPdf.render("Note", "Progress note\nPatient: Jane Doe\nDate of service: 2023-05-01");
		List<DeliveryBundles.Delivered> delivered = new ArrayList<>();
		for (int i = 0; i < this.documents; i++) {
			delivered.add(new DeliveryBundles.Delivered(DeliveryBundles.uuid("bench:" + i).toString(),
					new RecordDocument("file-1", i + 1, i + 1, "http://loinc.org", "11506-3", "Progress note",
							LocalDate.of(2023, 5, 1).plusDays(i), i + 1, i + 1, "title"),
					pdf, new java.util.Date()));
		}
		this.bundle = new DeliveryBundles().build("https://fhir.smith-lee.example/r4", request, leg, provider,
				requester, delivered);
		List<String> errors = this.validator.errors(this.bundle);
		if (!errors.isEmpty()) {
			throw new IllegalStateException("The benchmark's bundle does not validate: " + errors);
		}
	}

	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.MILLISECONDS)
	@Warmup(iterations = 5, time = 2)
	@Measurement(iterations = 5, time = 2)
	public List<String> validate() {
		return this.validator.errors(this.bundle);
	}

}
