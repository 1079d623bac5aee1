package org.recordhub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BasicAuthInterceptor;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.recordhub.authorization.ConsentAuthorizationsTests;
import org.recordhub.authorization.FilledForms;
import org.recordhub.document.TextPdf;
import org.recordhub.fhir.OfficialProfiles;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * RecordHub's own FHIR API as an HIM department's FHIR client meets it: requests as Tasks
 * (the authorization a Consent or a DocumentReference), the delivered records as
 * DocumentReferences and Binaries, the timeline as AuditEvents for admins, records pushed
 * as IHE MHD ITI-65 bundles (the IHE package's own examples among them), each behind the
 * same sign-in and organisation scoping as the REST API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FhirApiIT {

	private static final Path MHD_PACKAGE = Path.of("../shared/fhir-packages/ihe.iti.mhd-4.2.3.tgz");

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	private TestEnvironment env;

	@BeforeAll
	void start() throws Exception {
		this.env = new TestEnvironment(TestDatabase.H2);
		this.env.start();
	}

	@AfterAll
	void stop() throws Exception {
		this.env.close();
	}

	@AfterEach
	void sandboxAnswersAgain() {
		this.env.sftp().setAnswering(true);
	}

	private IGenericClient client(String user) {
		IGenericClient client = TestEnvironment.FHIR.newRestfulGenericClient(this.env.baseUrl() + "/fhir");
		client.registerInterceptor(new BasicAuthInterceptor(user, user + "-pass"));
		return client;
	}

	@Test
	void shouldDescribeItselfToSignedInClientsOnly() {
		CapabilityStatement capabilities = client("requester-a").capabilities()
			.ofType(CapabilityStatement.class)
			.execute();
		List<String> resources = capabilities.getRestFirstRep()
			.getResource()
			.stream()
			.map(CapabilityStatement.CapabilityStatementRestResourceComponent::getType)
			.toList();
		assertThat(resources).contains("Task", "DocumentReference", "Binary", "AuditEvent");
		assertThat(capabilities.getRestFirstRep().getInteraction())
			.extracting((interaction) -> interaction.getCode().toCode())
			.contains("transaction");
		CapabilityStatement.CapabilityStatementRestResourceComponent documents = capabilities.getRestFirstRep()
			.getResource()
			.stream()
			.filter((resource) -> resource.getType().equals("DocumentReference"))
			.findFirst()
			.orElseThrow();
		assertThat(documents.getSearchParam())
			.extracting(CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent::getName)
			.contains("patient", "task", "date", "period", "type");
		// RecordHub's own name and version, and how clients authenticate
		assertThat(capabilities.getSoftware().getName()).isEqualTo("RecordHub");
		assertThat(capabilities.getSoftware().getVersion()).isEqualTo("0.1.0-SNAPSHOT");
		assertThat(capabilities.getRestFirstRep().getSecurity().getService())
			.extracting((service) -> service.getCodingFirstRep().getCode())
			.containsExactly("Basic", "OAuth");

		IGenericClient anonymous = TestEnvironment.FHIR.newRestfulGenericClient(this.env.baseUrl() + "/fhir");
		assertThatThrownBy(() -> anonymous.capabilities().ofType(CapabilityStatement.class).execute())
			.isInstanceOf(AuthenticationException.class);
	}

	@Test
	void shouldTakeARequestAsATaskWithAConsentAndServeItsDeliveredRecords() throws Exception {
		MethodOutcome created = client("requester-a").create().resource(consentTask()).execute();
		assertThat(created.getCreated()).isTrue();
		String requestId = created.getId().getIdPart();

		Task task = await().atMost(PATIENCE)
			.until(() -> client("requester-a").read().resource(Task.class).withId(requestId).execute(),
					(read) -> read.getStatus() == Task.TaskStatus.COMPLETED);
		assertThat(task.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("DELIVERED");
		// dates of service are days, not midnight timestamps
		assertThat(task.getRestriction().getPeriod().getStartElement().getValueAsString()).isEqualTo("2023-01-01");
		assertThat(task.getRestriction().getPeriod().getEndElement().getValueAsString()).isEqualTo("2024-06-30");
		assertThat(task.getOwner().getReference()).isEqualTo("Organization/sandbox-clinic");
		assertThat(task.getOutput())
			.as(() -> TestEnvironment.FHIR.newJsonParser().encodeResourceToString(task) + "\n"
					+ this.env.get("him-staff", "/api/v1/requests/" + requestId).body())
			.isNotEmpty();

		// the delivered DocumentReferences, by Task and by patient, narrowed by type
		// and date of service
		List<DocumentReference> byTask = documents(client("requester-a").search()
			.forResource(DocumentReference.class)
			.where(new ca.uhn.fhir.rest.gclient.ReferenceClientParam("task").hasId("Task/" + requestId)));
		assertThat(byTask).hasSize(task.getOutput().size());
		DocumentReference first = byTask.get(0);
		String loinc = first.getType().getCodingFirstRep().getCode();
		// a token search as the README writes it, with a bare | in the query
		assertThat(rawGet("requester-a",
				"/fhir/DocumentReference?patient=Patient/rh-" + requestId + "&type=http://loinc.org|" + loinc))
			.startsWith("HTTP/1.1 200");
		List<DocumentReference> byPatientAndType = documents(client("requester-a").search()
			.forResource(DocumentReference.class)
			.where(DocumentReference.PATIENT.hasId("Patient/rh-" + requestId))
			.and(DocumentReference.TYPE.exactly().systemAndCode("http://loinc.org", loinc)));
		assertThat(byPatientAndType).isNotEmpty()
			.allSatisfy((d) -> assertThat(d.getType().getCodingFirstRep().getCode()).isEqualTo(loinc));
		List<DocumentReference> before1900 = documents(client("requester-a").search()
			.forResource(DocumentReference.class)
			.where(DocumentReference.PATIENT.hasId("Patient/rh-" + requestId))
			.and(DocumentReference.PERIOD.before().day("1900-01-01")));
		assertThat(before1900).isEmpty();

		// each one's PDF
		String binaryId = new org.hl7.fhir.r4.model.IdType(first.getContentFirstRep().getAttachment().getUrl())
			.getIdPart();
		Binary pdf = client("requester-a").read().resource(Binary.class).withId(binaryId).execute();
		assertThat(pdf.getContentType()).isEqualTo("application/pdf");
		assertThat(pdf.getData()).hasSize(first.getContentFirstRep().getAttachment().getSize());
		try (PDDocument document = Loader.loadPDF(pdf.getData())) {
			assertThat(new PDFTextStripper().getText(document)).containsIgnoringCase("Doe");
		}

		// served exactly as delivered: the same date, creation, size and hash on every
		// read, the hash that of the bytes served, and all of it what the requester's
		// server received in the ITI-65 bundle
		DocumentReference again = client("requester-a").read()
			.resource(DocumentReference.class)
			.withId(first.getIdElement().getIdPart())
			.execute();
		Binary pdfAgain = client("requester-a").read().resource(Binary.class).withId(binaryId).execute();
		var attachment = first.getContentFirstRep().getAttachment();
		assertThat(again.getDate()).isEqualTo(first.getDate());
		assertThat(again.getContentFirstRep().getAttachment().getCreation()).isEqualTo(attachment.getCreation());
		assertThat(again.getContentFirstRep().getAttachment().getHash()).isEqualTo(attachment.getHash());
		assertThat(pdfAgain.getData()).isEqualTo(pdf.getData());
		assertThat(java.security.MessageDigest.getInstance("SHA-1").digest(pdf.getData()))
			.isEqualTo(attachment.getHash());
		DocumentReference received = this.env.fhir()
			.stored(DocumentReference.class)
			.stream()
			.filter((d) -> d.getMasterIdentifier().getValue().equals(first.getMasterIdentifier().getValue()))
			.findFirst()
			.orElseThrow();
		assertThat(received.getContentFirstRep().getAttachment().getHash()).isEqualTo(attachment.getHash());
		assertThat(received.getDate()).isEqualTo(first.getDate());
		// a search by the date of delivery finds it whenever it is made
		assertThat(documents(client("requester-a").search()
			.forResource(DocumentReference.class)
			.where(DocumentReference.PATIENT.hasId("Patient/rh-" + requestId))
			.and(DocumentReference.DATE.beforeOrEquals().second(first.getDate())))).hasSize(byTask.size());

		// another organisation sees none of it
		IGenericClient other = client("requester-b");
		assertThatThrownBy(() -> other.read().resource(Task.class).withId(requestId).execute())
			.isInstanceOf(ResourceNotFoundException.class);
		assertThatThrownBy(() -> other.search()
			.forResource(DocumentReference.class)
			.where(DocumentReference.PATIENT.hasId("Patient/rh-" + requestId))
			.returnBundle(Bundle.class)
			.execute()).isInstanceOf(ResourceNotFoundException.class);
		assertThatThrownBy(() -> other.read().resource(Binary.class).withId(binaryId).execute())
			.isInstanceOf(ResourceNotFoundException.class);
		assertThat(other.search().forResource(Task.class).returnBundle(Bundle.class).execute().getEntry())
			.noneMatch((entry) -> entry.getResource().getIdElement().getIdPart().equals(requestId));
	}

	@Test
	void shouldSayWhatATaskLacks() {
		Task task = consentTask();
		task.setRestriction(null);
		assertThatThrownBy(() -> client("requester-a").create().resource(task).execute())
			.isInstanceOf(UnprocessableEntityException.class)
			.hasMessageContaining("dateRange must not be null");
		// only requesters ask for records
		assertThatThrownBy(() -> client("him-staff").create().resource(consentTask()).execute())
			.isInstanceOf(ForbiddenOperationException.class);
	}

	@Test
	void shouldTakeRecordsAProviderPushesAsAnIti65BundleAndDeliverThem() {
		this.env.sftp().setAnswering(false);
		// the authorization as a DocumentReference holding the signed form
		Task task = task("Grace", "Hopper", "1906-12-09");
		DocumentReference form = new DocumentReference();
		form.setId("authorization");
		form.setStatus(org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.CURRENT);
		form.addContent()
			.setAttachment(new Attachment().setContentType("application/pdf")
				.setData(FilledForms.complete("Grace", "Hopper", "1906-12-09")));
		task.addContained(form);
		task.addInput()
			.setType(new CodeableConcept(
					new Coding("https://recordhub.org/fhir/CodeSystem/task-input", "authorization", null)))
			.setValue(new Reference("#authorization"));
		String requestId = client("requester-a").create().resource(task).execute().getId().getIdPart();
		this.env.awaitLegState(requestId, "SUBMITTED");

		// the clinic's HIM department answers with an ITI-65 bundle
		byte[] record = TextPdf.render("Records", "HOPPER, GRACE    DOB: 12/09/1906\nDate of service: 2023-06-01\n"
				+ "Progress note: blood pressure 130/85.");
		Bundle pushed = provideBundle(record, "1000000038");
		Bundle response = client("him-staff").transaction().withBundle(pushed).execute();
		assertThat(response.getEntry()).extracting((entry) -> entry.getResponse().getStatus())
			.containsExactly("201 Created", "201 Created", "201 Created");
		assertThat(OfficialProfiles.mhdAndUsCore(TestEnvironment.FHIR, "6.1.0")
			.errors(response,
					"https://profiles.ihe.net/ITI/MHD/StructureDefinition/IHE.MHD.ProvideDocumentBundleResponse"))
			.isEmpty();
		// the document is a received file of its own, named by its uniqueId, readable
		// where
		// the answer says
		String location = response.getEntry().get(1).getResponse().getLocation();
		assertThat(location).contains("/api/v1/files/");
		String fileId = location.substring(location.lastIndexOf('/') + 1);
		JsonNode file = this.env.get("him-staff", "/api/v1/files/" + fileId).json();
		assertThat(file.path("fileName").asString()).isEqualTo("mhd-1.2.840.113619.20.2.1.9.pdf");
		assertThat(response.getEntry().get(2).getResponse().getLocation())
			.endsWith("/api/v1/files/" + fileId + "/content");

		JsonNode delivered = this.env.awaitStatus(requestId, "DELIVERED");
		assertThat(delivered.path("timeline").findValuesAsString("channel")).contains("fhir");
		// requesters do not push records
		assertThatThrownBy(
				() -> client("requester-a").transaction().withBundle(provideBundle(record, "1000000038")).execute())
			.isInstanceOf(ForbiddenOperationException.class);
	}

	@Test
	void shouldRefuseAtOnceWhatOfTheIheMhdExampleBundlesItCannotHonourNamingEachEntry() throws IOException {
		Map<String, Bundle> examples = mhdExampleBundles();
		assertThat(examples).isNotEmpty();
		int transactions = 0;
		for (Map.Entry<String, Bundle> example : examples.entrySet()) {
			Bundle bundle = example.getValue();
			if (bundle.getType() != Bundle.BundleType.TRANSACTION) {
				// a document, a search result or a response is nothing to provide
				assertThatThrownBy(() -> client("him-staff").transaction().withBundle(bundle).execute())
					.as(example.getKey())
					.isInstanceOf(InvalidRequestException.class);
				continue;
			}
			transactions++;
			// the examples' documents are text/plain (one a FHIR document), some with a
			// folder, a PATCH that supersedes, a Patient: nothing RecordHub could read or
			// honour, so nothing is accepted to be found unreadable later
			UnprocessableEntityException refused = catchThrowableOfType(UnprocessableEntityException.class,
					() -> client("him-staff").transaction().withBundle(bundle).execute());
			assertThat(refused).as(example.getKey()).isNotNull();
			OperationOutcome outcome = (OperationOutcome) refused.getOperationOutcome();
			for (int i = 0; i < bundle.getEntry().size(); i++) {
				Bundle.BundleEntryComponent entry = bundle.getEntry().get(i);
				boolean refusable = entry.getResource() instanceof DocumentReference
						|| (entry.getResource() instanceof ListResource list
								&& list.getCode().getCodingFirstRep().getCode().equals("folder"))
						|| entry.getRequest().getMethod() == Bundle.HTTPVerb.PATCH
						|| entry.getResource() instanceof org.hl7.fhir.r4.model.Patient;
				String expression = "Bundle.entry[" + i + "]";
				assertThat(outcome.getIssue()
					.stream()
					.anyMatch(
							(issue) -> issue.getExpression().stream().anyMatch((e) -> e.getValue().equals(expression))))
					.as(example.getKey() + " " + expression)
					.isEqualTo(refusable);
			}
			assertThat(outcome.getIssue()).extracting(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics)
				.anyMatch((why) -> why.contains("is not records RecordHub reads")
						|| why.contains("RecordHub keeps no documents pushed to it that it could relate to"));
		}
		assertThat(transactions).as("ITI-65 example bundles").isGreaterThanOrEqualTo(3);
		assertThat(this.env.get("him-staff", "/api/v1/files?status=QUARANTINED").body()).doesNotContain("mhd-");
	}

	@Test
	void shouldShowTheTimelineAsAuditEventsToAdminsOnly() {
		String requestId = this.env.submit(RequestBodies.request("Lise", "Meitner", "1878-11-07", "sandbox-clinic"));
		assertThatThrownBy(() -> client("requester-a").search()
			.forResource(AuditEvent.class)
			.where(AuditEvent.ENTITY.hasId("Task/" + requestId))
			.returnBundle(Bundle.class)
			.execute()).isInstanceOf(ForbiddenOperationException.class);
		List<AuditEvent> events = new ArrayList<>();
		client("admin").search()
			.forResource(AuditEvent.class)
			.where(AuditEvent.ENTITY.hasId("Task/" + requestId))
			.returnBundle(Bundle.class)
			.execute()
			.getEntry()
			.forEach((entry) -> events.add((AuditEvent) entry.getResource()));
		assertThat(events).extracting((event) -> event.getType().getCode()).contains("REQUEST_CREATED");
		AuditEvent one = client("admin").read()
			.resource(AuditEvent.class)
			.withId(events.get(0).getIdElement().getIdPart())
			.execute();
		assertThat(one.getEntityFirstRep().getWhat().getReference()).isEqualTo("Task/" + requestId);
		assertThat(one.getRecorded()).isNotNull();
	}

	/** A Task for the sandbox clinic whose authorization is a Consent. */
	private Task consentTask() {
		Consent consent = (Consent) TestEnvironment.FHIR.newJsonParser()
			.parseResource(ConsentAuthorizationsTests.CONSENT.replace("St. Mary Medical Center",
					"Riverside Family Clinic (sandbox)"));
		consent.getProvision().setSecurityLabel(new ArrayList<>());
		Task task = new Task();
		for (Resource resource : consent.getContained()) {
			task.addContained(resource);
		}
		consent.setContained(new ArrayList<>());
		consent.setId("authorization");
		task.addContained(consent);
		task.setFor(new Reference("#p"));
		describe(task);
		task.addInput()
			.setType(new CodeableConcept(
					new Coding("https://recordhub.org/fhir/CodeSystem/task-input", "authorization", null)))
			.setValue(new Reference("#authorization"));
		return task;
	}

	private static Task task(String given, String family, String birthDate) {
		Task task = new Task();
		Patient patient = new Patient();
		patient.setId("patient");
		patient.addName().setFamily(family).addGiven(given);
		patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(birthDate));
		task.addContained(patient);
		task.setFor(new Reference("#patient"));
		describe(task);
		return task;
	}

	private static void describe(Task task) {
		task.setStatus(Task.TaskStatus.REQUESTED);
		task.setIntent(Task.TaskIntent.ORDER);
		task.setOwner(new Reference("Organization/sandbox-clinic"));
		task.getRestriction()
			.setPeriod(new Period().setStartElement(new org.hl7.fhir.r4.model.DateTimeType("2023-01-01"))
				.setEndElement(new org.hl7.fhir.r4.model.DateTimeType("2024-06-30")));
		task.setReasonCode(new CodeableConcept(new Coding(null, "LITIGATION", null)));
		task.addInput()
			.setType(new CodeableConcept(
					new Coding("https://recordhub.org/fhir/CodeSystem/task-input", "record-type", null)))
			.setValue(new org.hl7.fhir.r4.model.StringType("ALL"));
	}

	/** An ITI-65 bundle of one record, authored by the organisation with the NPI. */
	private static Bundle provideBundle(byte[] pdf, String npi) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		ListResource submission = new ListResource();
		submission.setStatus(ListResource.ListStatus.CURRENT).setMode(ListResource.ListMode.WORKING);
		submission.setCode(new CodeableConcept(
				new Coding("https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes", "submissionset", null)));
		submission.addEntry().setItem(new Reference("urn:uuid:7c3e5a31-0d5e-4b8e-9a53-1f0e0b3b6a02"));
		bundle.addEntry()
			.setFullUrl("urn:uuid:7c3e5a31-0d5e-4b8e-9a53-1f0e0b3b6a01")
			.setResource(submission)
			.getRequest()
			.setMethod(Bundle.HTTPVerb.POST)
			.setUrl("List");
		DocumentReference document = new DocumentReference();
		document.setId("7c3e5a31-0d5e-4b8e-9a53-1f0e0b3b6a02");
		document.setMasterIdentifier(
				new Identifier().setSystem("urn:ietf:rfc:3986").setValue("urn:oid:1.2.840.113619.20.2.1.9"));
		Organization author = new Organization().setName("Riverside Family Clinic");
		author.setId("author");
		author.addIdentifier().setSystem("http://hl7.org/fhir/sid/us-npi").setValue(npi);
		document.addContained(author);
		document.addAuthor(new Reference("#author"));
		document.addContent()
			.setAttachment(new Attachment().setContentType("application/pdf")
				.setUrl("urn:uuid:7c3e5a31-0d5e-4b8e-9a53-1f0e0b3b6a03"));
		bundle.addEntry()
			.setFullUrl("urn:uuid:7c3e5a31-0d5e-4b8e-9a53-1f0e0b3b6a02")
			.setResource(document)
			.getRequest()
			.setMethod(Bundle.HTTPVerb.POST)
			.setUrl("DocumentReference");
		Binary binary = new Binary().setContentType("application/pdf").setData(pdf);
		bundle.addEntry()
			.setFullUrl("urn:uuid:7c3e5a31-0d5e-4b8e-9a53-1f0e0b3b6a03")
			.setResource(binary)
			.getRequest()
			.setMethod(Bundle.HTTPVerb.POST)
			.setUrl("Binary");
		return bundle;
	}

	private static List<DocumentReference> documents(ca.uhn.fhir.rest.gclient.IQuery<?> query) {
		return query.returnBundle(Bundle.class)
			.execute()
			.getEntry()
			.stream()
			.map((entry) -> (DocumentReference) entry.getResource())
			.toList();
	}

	/** Every Bundle example in the official IHE MHD package. */
	/**
	 * The status line of a GET sent as typed, byte for byte (an HTTP client would encode
	 * the query).
	 */
	private String rawGet(String user, String pathAndQuery) throws IOException {
		java.net.URI base = java.net.URI.create(this.env.baseUrl());
		try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
			String credentials = java.util.Base64.getEncoder()
				.encodeToString((user + ":" + user + "-pass").getBytes(StandardCharsets.UTF_8));
			socket.getOutputStream()
				.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nAuthorization: Basic "
						+ credentials + "\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			return new java.io.BufferedReader(
					new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
				.readLine();
		}
	}

	private static Map<String, Bundle> mhdExampleBundles() throws IOException {
		Map<String, Bundle> bundles = new java.util.TreeMap<>();
		try (InputStream file = Files.newInputStream(MHD_PACKAGE);
				TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(file))) {
			for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
				if (entry.getName().startsWith("package/example/Bundle-")) {
					bundles.put(entry.getName(), (Bundle) TestEnvironment.FHIR.newJsonParser()
						.parseResource(new String(tar.readAllBytes(), StandardCharsets.UTF_8)));
				}
			}
		}
		return bundles;
	}

}
