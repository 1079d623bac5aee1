package org.recordhub;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.recordhub.authorization.AuthorizationStage;
import org.recordhub.channel.fax.FaxCoverSheet;
import org.recordhub.document.Correlator;
import org.recordhub.document.DocumentProcessor;
import org.recordhub.document.DocumentStore;
import org.recordhub.document.ReceivedFile;
import org.recordhub.document.ReceivedFileRepository;
import org.recordhub.document.Scans;
import org.recordhub.document.TextPdf;
import org.recordhub.fhir.FhirDelivery;
import org.recordhub.fhir.OfficialProfiles;
import org.recordhub.sandbox.FaxMachine;
import org.recordhub.tracking.EventLog;
import org.recordhub.tracking.TimelineEvent;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A retrieval request end to end over real servers: RecordHub with its embedded Artemis
 * broker, a provider's SFTP server (MINA SSHD) and a requester's FHIR server (HAPI), on
 * the database a subclass names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EndToEndTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	TestEnvironment env;

	abstract TestDatabase database();

	@BeforeAll
	void startRecordHub() throws Exception {
		this.env = new TestEnvironment(database());
		this.env.start();
	}

	/**
	 * Tests that answer as the provider themselves turn a clerk off; the next test has it
	 * back.
	 */
	@AfterEach
	void sandboxesWorkAgain() {
		this.env.sftp().setAnswering(true);
		this.env.mail().setAnswering(true);
		this.env.fhir().setAccepting(true);
		this.env.fhir().setConfirming(true);
		this.env.webhook().setSecret(TestEnvironment.WEBHOOK_SECRET);
		this.env.portal().answerWith(null);
	}

	@AfterAll
	void stopRecordHub() throws Exception {
		this.env.close();
	}

	@Test
	void shouldSendPacketOverSftpAndDeliverRecordsAsFhirBundle() throws Exception {
		ApiClient.Response created = this.env.post("requester-a", "/api/v1/requests",
				RequestBodies.json(RequestBodies.request("Jane", "Doe", "1980-04-12", "sandbox-clinic")));
		assertThat(created.status()).isEqualTo(201);
		String requestId = created.json().path("id").asString();
		assertThat(created.location()).isEqualTo("/api/v1/requests/" + requestId);
		String legId = created.json().path("legs").get(0).path("id").asString();

		// the packet on the provider's SFTP server
		Path inbox = this.env.sftp().inbox();
		await().atMost(PATIENCE).until(() -> Files.exists(inbox.resolve(legId + "-manifest.json")));
		String coverLetter = text(Files.readAllBytes(inbox.resolve(legId + "-cover-letter.pdf")));
		assertThat(coverLetter).contains("Request ID: " + requestId, "Leg ID: " + legId, "Name: Jane Doe",
				"Date of birth: 1980-04-12", "2023-01-01 to 2024-06-30", "Smith & Lee LLP");
		assertThat(Files.readAllBytes(inbox.resolve(legId + "-authorization.pdf")))
			.isEqualTo(RequestBodies.AUTHORIZATION_PDF);
		JsonNode manifest = TestEnvironment.JSON.readTree(Files.readAllBytes(inbox.resolve(legId + "-manifest.json")));
		assertThat(manifest.path("requestId").asString()).isEqualTo(requestId);
		assertThat(manifest.path("files").toString()).contains(legId + "-authorization.pdf");

		// the sandbox clinic answers with a record; RecordHub delivers it
		JsonNode request = awaitStatus(requestId, "DELIVERED");
		assertThat(request.path("legs").get(0).path("state").asString()).isEqualTo("DELIVERED");

		DocumentReference document = this.env.fhir()
			.stored(DocumentReference.class)
			.stream()
			.filter((d) -> d.getIdentifierFirstRep().getValue().equals(legId))
			.findFirst()
			.orElseThrow();
		Patient patient = this.env.fhir()
			.stored(Patient.class)
			.stream()
			.filter((p) -> ("Patient/" + p.getIdElement().getIdPart()).equals(document.getSubject().getReference()))
			.findFirst()
			.orElseThrow();
		assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Doe");
		assertThat(patient.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Jane");
		assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1980-04-12");
		var attachment = document.getContentFirstRep().getAttachment();
		Binary binary = this.env.fhir()
			.stored(Binary.class)
			.stream()
			.filter((b) -> ("Binary/" + b.getIdElement().getIdPart()).equals(attachment.getUrl()))
			.findFirst()
			.orElseThrow();
		byte[] record = binary.getData();
		assertThat(attachment.getContentType()).isEqualTo("application/pdf");
		assertThat(binary.getContentType()).isEqualTo("application/pdf");
		assertThat(attachment.getSize()).isEqualTo(record.length);
		assertThat(Base64.getEncoder().encodeToString(attachment.getHash())).isEqualTo(
				Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-1").digest(record)));
		assertThat(text(record)).contains("Patient: Jane Doe", "Date of birth: 1980-04-12", "Date of service: 2023-");

		// the received file and its searchable PDF are stored encrypted: the ciphertext
		// is
		// not the PDF
		DocumentStore store = this.env.bean(DocumentStore.class);
		List<ReceivedFile> received = this.env.bean(ReceivedFileRepository.class).forLeg(legId);
		assertThat(received).isNotEmpty();
		for (ReceivedFile file : received) {
			for (String sha256 : List.of(file.sha256(), file.searchableSha256())) {
				byte[] atRest = Files.readAllBytes(store.path(sha256));
				assertThat(new String(atRest, StandardCharsets.ISO_8859_1)).doesNotContain("%PDF", "Jane");
			}
		}

		assertThat(transitions(request)).containsExactly("NEW>AUTHORIZATION_CHECK", "AUTHORIZATION_CHECK>READY",
				"READY>SUBMITTED", "SUBMITTED>RECORDS_RECEIVED", "RECORDS_RECEIVED>PROCESSING", "PROCESSING>COMPLETE",
				"COMPLETE>DELIVERED");
		assertThat(types(request)).contains("REQUEST_CREATED", "CHANNEL_SELECTED", "FILE_RECEIVED");
		assertThat(request.path("timeline").get(2).path("ruleSetVersion").asString()).startsWith("authorization@");
		assertThat(this.env.get("requester-a", "/api/v1/requests?status=DELIVERED&size=200")
			.json()
			.path("items")
			.findValuesAsString("id")).contains(requestId);
	}

	@Test
	void shouldFindRequestsByPatientProviderAgeAndFlagsWithinTheCallersOrganisation() {
		String atClinic = submit("Mary", "Somerville", "1780-12-26", "sandbox-clinic");
		String atLakeside = submit("Mary", "Anning", "1799-05-21", "lakeside-ortho");
		// staff find a patient by any words of the name, in any case
		assertThat(ids("him-staff", "patient=mary%20somerville")).containsExactly(atClinic);
		assertThat(ids("him-staff", "patient=ANNING")).containsExactly(atLakeside);
		assertThat(ids("him-staff", "patient=mary")).contains(atClinic, atLakeside);
		assertThat(ids("him-staff", "provider=lakeside-ortho")).contains(atLakeside).doesNotContain(atClinic);
		assertThat(ids("him-staff", "organization=acme-insurance")).doesNotContain(atClinic, atLakeside);
		assertThat(ids("him-staff", "olderThanDays=1")).doesNotContain(atClinic, atLakeside);
		assertThat(ids("him-staff", "overdue=true&escalated=true")).doesNotContain(atClinic, atLakeside);
		// a requester sees its own organisation's requests only, and no search by patient
		assertThat(ids("requester-b", "provider=lakeside-ortho")).doesNotContain(atLakeside);
		assertThat(ids("requester-a", "patient=anning&provider=lakeside-ortho")).contains(atLakeside);
		assertThat(this.env.get("him-staff", "/api/v1/requests?patient=somerville").json().path("totalItems").asInt())
			.isEqualTo(1);
	}

	private List<String> ids(String user, String query) {
		List<String> ids = new java.util.ArrayList<>();
		this.env.get(user, "/api/v1/requests?size=200&" + query)
			.json()
			.path("items")
			.forEach((item) -> ids.add(item.path("id").asString()));
		return ids;
	}

	@Test
	void shouldDeliverBundlesThatTheOfficialMhdAndUsCoreProfilesAccept() {
		String requestId = submit("Katherine", "Johnson", "1918-08-26", "sandbox-clinic");
		JsonNode delivered = awaitStatus(requestId, "DELIVERED");
		String legId = delivered.path("legs").get(0).path("id").asString();
		Bundle sent = this.env.fhir().lastTransaction();
		assertThat(sent.getIdentifier().getValue()).isEqualTo(legId);
		List<DocumentReference> references = sent.getEntry()
			.stream()
			.map(Bundle.BundleEntryComponent::getResource)
			.filter(DocumentReference.class::isInstance)
			.map(DocumentReference.class::cast)
			.toList();
		// one DocumentReference per document found
		assertThat(references).hasSize(delivered.path("legs").get(0).path("documents").size()).isNotEmpty();
		for (String version : List.of("6.1.0", "7.0.0")) {
			OfficialProfiles profiles = OfficialProfiles.mhdAndUsCore(this.env.bean(FhirContext.class), version);
			assertThat(profiles.errors(sent, OfficialProfiles.PROVIDE_BUNDLE)).as("MHD, US Core " + version).isEmpty();
			for (DocumentReference reference : references) {
				assertThat(profiles.errors(reference, OfficialProfiles.US_CORE_DOCUMENT_REFERENCE))
					.as("US Core " + version)
					.isEmpty();
			}
		}
	}

	@Test
	void shouldOfferEachDeliveryAsASingleUseDownloadForTheRequesterOnly() throws Exception {
		String requestId = submit("Rosalind", "Franklin", "1920-07-25", "sandbox-clinic");
		JsonNode delivered = awaitStatus(requestId, "DELIVERED");
		String legId = delivered.path("legs").get(0).path("id").asString();
		// only the link's SHA-256 is kept: the timeline says a link was made, not the
		// link
		assertThat(event(delivered, "DOWNLOAD_LINK").path("detail").asString()).contains("single-use link")
			.doesNotContain("/api/v1/downloads/");
		ApiClient.Response made = this.env.post("requester-a",
				"/api/v1/requests/" + requestId + "/legs/" + legId + "/download-link", "");
		assertThat(made.status()).isEqualTo(201);
		String url = made.json().path("url").asString();
		String path = url.substring(url.indexOf("/api/v1/downloads/"));
		String token = path.substring(path.lastIndexOf('/') + 1);
		assertThat(this.env.bean(org.springframework.jdbc.core.simple.JdbcClient.class)
			.sql("select count(*) from event where detail like ?")
			.param("%" + token + "%")
			.query(Long.class)
			.single()).isZero();
		// the link carries no patient data
		assertThat(path).doesNotContain("Rosalind", "Franklin", "1920");
		// the new link ended the one the delivery's webhook notice carried
		String noticed = this.env.webhook()
			.verified()
			.stream()
			.filter((n) -> n.path("legId").asString().equals(legId))
			.findFirst()
			.orElseThrow()
			.path("download")
			.asString();
		this.env.get("requester-a", noticed.substring(noticed.indexOf("/api/v1/downloads/")))
			.assertProblem(404, "DOWNLOAD_NOT_AVAILABLE");
		// another organisation's requester cannot use it, nor make one
		this.env.get("requester-b", path).assertProblem(404, "DOWNLOAD_NOT_AVAILABLE");
		this.env.post("requester-b", "/api/v1/requests/" + requestId + "/legs/" + legId + "/download-link", "")
			.assertProblem(404, "DOWNLOAD_NOT_AVAILABLE");
		// compliance and admins do not deliver records: they cannot use up the
		// requester's link
		this.env.get("compliance", path).assertProblem(403, "FORBIDDEN");
		this.env.get("admin", path).assertProblem(403, "FORBIDDEN");

		ApiClient.Response download = this.env.get("requester-a", path);
		assertThat(download.status()).isEqualTo(200);
		assertThat(download.contentType()).isEqualTo("application/zip");
		List<String> names = new ArrayList<>();
		try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(
				new java.io.ByteArrayInputStream(download.bytes()))) {
			for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
				names.add(entry.getName());
				byte[] content = zip.readAllBytes();
				if (entry.getName().equals("bundle.json")) {
					Bundle bundle = (Bundle) this.env.bean(FhirContext.class)
						.newJsonParser()
						.parseResource(new String(content, StandardCharsets.UTF_8));
					assertThat(bundle.getIdentifier().getValue())
						.isEqualTo(delivered.path("legs").get(0).path("id").asString());
				}
				else {
					assertThat(text(content)).contains("Rosalind Franklin");
				}
			}
		}
		// the bundle last, as in an SFTP drop
		assertThat(names).last().isEqualTo("bundle.json");
		assertThat(names).hasSize(1 + delivered.path("legs").get(0).path("documents").size());
		// once only, and recorded
		this.env.get("requester-a", path).assertProblem(404, "DOWNLOAD_NOT_AVAILABLE");
		assertThat(event(get(requestId), "DOWNLOADED").path("detail").asString()).contains("requester-a");
	}

	@Test
	void shouldTellTheRequestersWebhookOfEachDeliveryWithAVerifiableSignature() {
		String requestId = submit("Ada", "Yonath", "1939-06-22", "sandbox-clinic");
		JsonNode delivered = awaitStatus(requestId, "DELIVERED");
		String legId = delivered.path("legs").get(0).path("id").asString();
		assertThat(types(delivered)).contains("WEBHOOK_NOTIFIED");
		// the receiver verified the HMAC signature with the shared secret
		JsonNode notice = this.env.webhook()
			.verified()
			.stream()
			.filter((n) -> n.path("legId").asString().equals(legId))
			.findFirst()
			.orElseThrow();
		assertThat(notice.path("event").asString()).isEqualTo("records.delivered");
		assertThat(notice.path("requestId").asString()).isEqualTo(requestId);
		assertThat(notice.path("documents").asInt()).isEqualTo(delivered.path("legs").get(0).path("documents").size());
		assertThat(notice.path("download").asString()).contains("/api/v1/downloads/");
		assertThat(notice.path("deliveredTo").get(0).asString()).isEqualTo(this.env.fhir().baseUrl());
		assertThat(notice.toString()).doesNotContain("Ada", "Yonath", "1939");
	}

	@Test
	void shouldDeliverToTheRequestersFhirServerAsASmartBackendClient() {
		String requestId = submit("Chien-Shiung", "Wu", "1912-05-31", "sandbox-clinic");
		JsonNode delivered = awaitStatus(requestId, "DELIVERED");
		assertThat(event(delivered, "FHIR_DELIVERED").path("detail").asString())
			.contains("accepted by " + this.env.fhir().baseUrl(), "every entry confirmed");
		// the server refuses transactions without a token, so this one came with a
		// token RecordHub got with its signed client assertion (and reuses until it
		// expires)
		assertThat(this.env.requesterSmart().grants()).isPositive();
		IGenericClient anonymous = TestEnvironment.FHIR.newRestfulGenericClient(this.env.fhir().baseUrl());
		assertThatThrownBy(() -> anonymous.transaction().withBundle(this.env.fhir().lastTransaction()).execute())
			.isInstanceOf(AuthenticationException.class);
	}

	@Test
	void shouldDropTheRecordsOnTheRequestersSftpServerAndTellItsMailbox() throws Exception {
		// Acme has no FHIR server: an SFTP drop and an email notice are its delivery
		// routes
		ApiClient.Response created = this.env.post("requester-b", "/api/v1/requests",
				RequestBodies.json(RequestBodies.request("Gerty", "Cori", "1896-08-15", "sandbox-clinic")));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String requestId = created.json().path("id").asString();
		JsonNode delivered = await().atMost(PATIENCE)
			.until(() -> this.env.get("requester-b", "/api/v1/requests/" + requestId).json(),
					(r) -> r.path("status").asString().equals("DELIVERED"));
		String legId = delivered.path("legs").get(0).path("id").asString();
		int documents = delivered.path("legs").get(0).path("documents").size();
		assertThat(types(delivered)).contains("SFTP_DROPPED", "DOWNLOAD_LINK", "EMAIL_NOTICE_SENT")
			.doesNotContain("FHIR_DELIVERED", "WEBHOOK_NOTIFIED");

		// the drop: one PDF per document, then the bundle, nothing half-written
		Path drop = this.env.sftp().root().resolve("deliveries/acme-insurance").resolve(legId);
		List<String> names;
		try (var files = Files.list(drop)) {
			names = files.map((file) -> file.getFileName().toString()).sorted().toList();
		}
		assertThat(names).hasSize(documents + 1).contains("bundle.json").noneMatch((n) -> n.startsWith(".uploading"));
		Bundle bundle = (Bundle) this.env.bean(FhirContext.class)
			.newJsonParser()
			.parseResource(Files.readString(drop.resolve("bundle.json")));
		assertThat(bundle.getIdentifier().getValue()).isEqualTo(legId);
		assertThat(OfficialProfiles.mhdAndUsCore(this.env.bean(FhirContext.class), "6.1.0")
			.errors(bundle, OfficialProfiles.PROVIDE_BUNDLE)).isEmpty();
		assertThat(text(Files.readAllBytes(drop.resolve(names.get(0))))).contains("Gerty Cori");

		// the notice: where the records are and the download link, no patient data
		jakarta.mail.internet.MimeMessage notice = await().atMost(PATIENCE)
			.until(() -> this.env.mail().messagesTo("claims@acme-insurance.example"), (m) -> !m.isEmpty())
			.get(0);
		assertThat(notice.getSubject()).contains(requestId);
		String text = notice.getContent().toString();
		assertThat(text).contains(legId, documents + " document(s)", "deliveries/acme-insurance", "/api/v1/downloads/")
			.doesNotContain("Gerty", "Cori", "1896");
		String link = text.substring(text.indexOf("/api/v1/downloads/")).strip().split("\\s")[0];
		assertThat(this.env.get("requester-b", link).status()).isEqualTo(200);
	}

	@Test
	void shouldNotCountADeliveryTheRequestersWebhookRefused() {
		// the receiver holds another secret: RecordHub's signature does not verify
		this.env.webhook().setSecret("another-secret");
		String requestId = submit("Tu", "Youyou", "1930-12-30", "sandbox-clinic");
		JsonNode refused = awaitEvent(requestId, "DELIVERY_FAILED");
		this.env.webhook().setSecret(TestEnvironment.WEBHOOK_SECRET);
		assertThat(refused.path("legs").get(0).path("state").asString()).isEqualTo("COMPLETE");
		assertThat(event(refused, "DELIVERY_FAILED").path("detail").asString()).contains("answered 401");
		String legId = refused.path("legs").get(0).path("id").asString();
		this.env.post("him-staff", "/api/v1/requests/" + requestId + "/legs/" + legId + "/retry", "");
		assertThat(types(awaitStatus(requestId, "DELIVERED"))).contains("WEBHOOK_NOTIFIED");
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldBlockADeliveryBundleThatBreaksTheProfileAndSendNothing() {
		// intake refuses an identifier system delivery would refuse; a request accepted
		// before it did (an older RecordHub's) still must not leave invalid
		this.env.sftp().setAnswering(false);
		String requestId = submit("Mary", "Jackson", "1921-04-09", "sandbox-clinic");
		String submittedLeg = awaitLegState(requestId, "SUBMITTED").path("legs").get(0).path("id").asString();
		this.env.bean(org.springframework.jdbc.core.simple.JdbcClient.class)
			.sql("update retrieval_request set details = replace(details, 'urn:oid:1.2.3.4', 'urn:oid:1.2.3') "
					+ "where id = ?")
			.param(requestId)
			.update();
		this.env.sftp().send(submittedLeg + "-records.pdf", TextPdf.render("Records", "Patient: Mary Jackson"));
		JsonNode request = awaitEvent(requestId, "DELIVERY_BLOCKED");
		String legId = request.path("legs").get(0).path("id").asString();
		assertThat(request.path("legs").get(0).path("state").asString()).isEqualTo("COMPLETE");
		assertThat(event(request, "DELIVERY_BLOCKED").path("detail").asString())
			.contains("does not validate against RecordHub's FHIR profile, so it was not sent", "OIDs must be valid");
		assertThat(this.env.fhir().stored(DocumentReference.class))
			.noneSatisfy((d) -> assertThat(d.getIdentifierFirstRep().getValue()).isEqualTo(legId));
	}

	@Test
	void shouldSendTheRequestByEmailAndTakeTheRecordsFromTheReply() throws Exception {
		String requestId = submit("Marie", "Curie", "1867-11-07", "lakeside-ortho");
		String legId = get(requestId).path("legs").get(0).path("id").asString();

		// the packet in the provider's mailbox
		jakarta.mail.internet.MimeMessage sent = await().atMost(PATIENCE)
			.until(() -> java.util.Arrays.stream(this.env.mail().messages())
				.filter((m) -> subject(m).contains(legId) && !subject(m).startsWith("Re:"))
				.findFirst(), java.util.Optional::isPresent)
			.orElseThrow();
		assertThat(sent.getAllRecipients()[0].toString()).isEqualTo("records@lakeside-ortho.example");
		assertThat(sent.getReplyTo()[0].toString()).isEqualTo("recordhub@recordhub.local");
		Map<String, byte[]> attachments = attachments(sent);
		assertThat(attachments).containsOnlyKeys(legId + "-cover-letter.pdf", legId + "-authorization.pdf",
				legId + "-manifest.json");
		assertThat(text(attachments.get(legId + "-cover-letter.pdf"))).contains("Name: Marie Curie",
				"Leg ID: " + legId);
		assertThat(attachments.get(legId + "-authorization.pdf")).isEqualTo(RequestBodies.AUTHORIZATION_PDF);
		assertThat(sent.getContent().toString()).doesNotContain("Marie", "Curie");

		// the practice's clerk replies with the record attached
		JsonNode delivered = awaitStatus(requestId, "DELIVERED");
		assertThat(transitions(delivered)).contains("READY>SUBMITTED", "COMPLETE>DELIVERED");
		assertThat(delivered.path("legs").get(0).path("channel").asString()).isEqualTo("email");
		assertThat(this.env.fhir().stored(DocumentReference.class))
			.anySatisfy((d) -> assertThat(d.getIdentifierFirstRep().getValue()).isEqualTo(legId));
	}

	@Test
	void shouldMoveTheLegWhenAProvidersEmailQuotesAFeeOrAsksForInformation() {
		this.env.mail().setAnswering(false);
		String requestId = submit("Rachel", "Carson", "1907-05-27", "lakeside-ortho");
		JsonNode submitted = awaitLegState(requestId, "SUBMITTED");
		String legId = submitted.path("legs").get(0).path("id").asString();
		this.env.mail()
			.sendFromProvider("Re: Request for medical records - leg " + legId, "A fee of $25 applies; please confirm.",
					null, null);
		JsonNode request = awaitLegState(requestId, "AWAITING_FEE_APPROVAL");
		assertThat(types(request)).contains("PROVIDER_MESSAGE");
		assertThat(request.path("legs").get(0).path("stateReason").asString()).contains("A fee of $25 applies");

		this.env.mail()
			.sendFromProvider("Re: Request for medical records - leg " + legId,
					"Please clarify the date range requested.", null, null);
		awaitLegState(requestId, "NEEDS_INFORMATION");
	}

	private static String subject(jakarta.mail.internet.MimeMessage message) {
		try {
			return String.valueOf(message.getSubject());
		}
		catch (jakarta.mail.MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, byte[]> attachments(jakarta.mail.internet.MimeMessage message) throws Exception {
		Map<String, byte[]> attachments = new java.util.HashMap<>();
		jakarta.mail.Multipart multipart = (jakarta.mail.Multipart) message.getContent();
		for (int i = 0; i < multipart.getCount(); i++) {
			jakarta.mail.BodyPart part = multipart.getBodyPart(i);
			if (part.getFileName() != null) {
				attachments.put(part.getFileName(), part.getInputStream().readAllBytes());
			}
		}
		return attachments;
	}

	@Test
	void shouldRetrieveTheRecordsFromTheProvidersFhirApiAndDeliverThemOnce() {
		// a synthetic patient of the shared corpus, with two notes on the provider's FHIR
		// server
		Map<String, Object> body = RequestBodies.request("Gladys682", "Schumm995", "1981-11-03", "hillside-health");
		Map<String, String> range = Map.of("from", "2014-01-01", "to", "2021-12-31");
		body.put("dateRange", range);
		@SuppressWarnings("unchecked")
		Map<String, Object> authorization = (Map<String, Object>) body.get("authorization");
		authorization.put("authorizedDateRange", range);
		ApiClient.Response created = this.env.post("requester-a", "/api/v1/requests", RequestBodies.json(body));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String requestId = created.json().path("id").asString();

		JsonNode delivered = awaitStatus(requestId, "DELIVERED");
		String legId = delivered.path("legs").get(0).path("id").asString();
		assertThat(delivered.path("legs").get(0).path("channel").asString()).isEqualTo("fhir");
		assertThat(transitions(delivered)).containsOnlyOnce("COMPLETE>DELIVERED");
		assertThat(types(delivered)).filteredOn("FILE_RECEIVED"::equals).hasSize(2);
		List<DocumentReference> documents = this.env.fhir()
			.stored(DocumentReference.class)
			.stream()
			.filter((d) -> d.getIdentifierFirstRep().getValue().equals(legId))
			.toList();
		assertThat(documents).hasSize(2);
		Binary first = this.env.fhir()
			.stored(Binary.class)
			.stream()
			.filter((b) -> ("Binary/" + b.getIdElement().getIdPart())
				.equals(documents.get(0).getContentFirstRep().getAttachment().getUrl()))
			.findFirst()
			.orElseThrow();
		assertThat(new String(first.getData(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
	}

	@Test
	void shouldRetrieveFromAFhirApiThatRequiresSmartBackendServices() throws Exception {
		// the server refuses anyone without a token
		java.net.http.HttpResponse<String> anonymous = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(this.env.smartEhr().baseUrl() + "/Patient"))
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(anonymous.statusCode()).isEqualTo(401);

		int grantsBefore = this.env.smart().grants();
		Map<String, Object> body = RequestBodies.request("Alex", "Rivera", "1970-02-14", "smart-health");
		String requestId = this.env.submit(body);
		JsonNode delivered = awaitStatus(requestId, "DELIVERED");
		assertThat(delivered.path("legs").get(0).path("channel").asString()).isEqualTo("fhir");
		// RecordHub signed a client assertion the server verified, and used the token it
		// got
		assertThat(this.env.smart().grants()).isGreaterThan(grantsBefore);
	}

	@Test
	void shouldAskForInformationWhenTheFhirServerKnowsNoSuchPatient() {
		String requestId = submit("Nobody", "Unknown", "1999-09-09", "hillside-health");
		JsonNode request = awaitLegState(requestId, "NEEDS_INFORMATION");
		assertThat(request.path("legs").get(0).path("stateReason").asString()).startsWith(
				"No patient on the provider's FHIR server matches the request's identifiers or name and birth date");
	}

	@Test
	void shouldWorkThroughAPortalFromFeeQuoteToDownloadedRecords() {
		String requestId = submit("Clara", "Barton", "1921-12-25", "summit-medical");
		JsonNode delivered = awaitStatus(requestId, "DELIVERED");
		String legId = delivered.path("legs").get(0).path("id").asString();
		assertThat(delivered.path("legs").get(0).path("channel").asString()).isEqualTo("portal");
		assertThat(transitions(delivered)).containsSubsequence("READY>SUBMITTED", "SUBMITTED>AWAITING_FEE_APPROVAL",
				"AWAITING_FEE_APPROVAL>RECORDS_RECEIVED", "COMPLETE>DELIVERED");
		assertThat(delivered.toString()).contains("Submitted to the portal as R-", "Portal: FEE_QUOTED",
				"A copying fee of $25.00 applies");
		JsonNode submitted = this.env.portal()
			.received()
			.stream()
			.filter((r) -> r.path("reference").asString().equals(legId))
			.findFirst()
			.orElseThrow();
		assertThat(submitted.path("patient").path("name").path("family").asString()).isEqualTo("Barton");
		assertThat(Base64.getDecoder().decode(submitted.path("authorizationPdf").asString()))
			.isEqualTo(RequestBodies.AUTHORIZATION_PDF);
	}

	@Test
	void shouldFetchAPortalDocumentOnceWhileItIsHeldAsAPossibleMisfile() {
		// the portal's clerk uploads another patient's record
		this.env.portal()
			.answerWith((manifest) -> new org.recordhub.sandbox.SandboxSftpServer.Response("records.pdf",
					TextPdf.render("Record", "PROGRESS NOTE\nPatient: Walter Brattain    Date of birth: 1902-02-10\n"
							+ "Date of service: 2023-06-01\nWell.")));
		String requestId = submit("Grace", "Hopper", "1906-12-09", "summit-medical");
		String legId = awaitEvent(requestId, "POSSIBLE_MISFILE").path("legs").get(0).path("id").asString();
		int downloads = this.env.portal().downloads();
		int polls = this.env.portal().statusPolls();

		// the portal still says "ready" on every poll; the document is not taken again
		await().atMost(PATIENCE).until(() -> this.env.portal().statusPolls() >= polls + 5);
		assertThat(this.env.portal().downloads()).isEqualTo(downloads);
		assertThat(this.env.bean(ReceivedFileRepository.class).forLeg(legId)).extracting(ReceivedFile::status)
			.containsExactly(ReceivedFile.Status.HELD);
	}

	@Test
	void shouldFaxThroughAnEmailGatewayAndMatchTheFaxBackByItsCoverSheet() throws Exception {
		String requestId = submit("Lise", "Meitner", "1878-11-07", "gateway-clinic");
		JsonNode submitted = awaitLegState(requestId, "SUBMITTED");
		String legId = submitted.path("legs").get(0).path("id").asString();
		assertThat(submitted.path("legs").get(0).path("stateReason").asString())
			.contains("fax 5550143 via fax.gateway.example");
		jakarta.mail.internet.MimeMessage sent = java.util.Arrays.stream(this.env.mail().messages())
			.filter((m) -> subject(m).equals("Fax: Request for medical records - leg " + legId))
			.findFirst()
			.orElseThrow();
		assertThat(sent.getAllRecipients()[0].toString()).isEqualTo("5550143@fax.gateway.example");
		byte[] fax = attachments(sent).get(legId + "-fax.pdf");
		assertThat(org.recordhub.document.CoverSheets.legId(fax)).contains(legId);
		assertThat(text(fax)).contains("FAX - REQUEST FOR MEDICAL RECORDS", "Leg ID: " + legId, "Name: Lise Meitner");

		// the clinic faxes the records back with our cover sheet first; the gateway mails
		// them on as a fax machine made them: a Group 4 TIFF at fine resolution
		byte[] tiff = FaxMachine.fax(fax, 204, 196);
		this.env.mail()
			.sendToRecordHub("fax@fax.gateway.example", "Fax from 5550143", "1 fax received", tiff, "fax-in-0042.tif");
		JsonNode delivered = awaitStatus(requestId, "DELIVERED");
		assertThat(delivered.toString()).contains("fax-in-0042.tif", "3 page(s), 3 of them read by OCR");
		// delivered as a searchable PDF: the scanned pages with their text
		DocumentReference document = this.env.fhir()
			.stored(DocumentReference.class)
			.stream()
			.filter((d) -> d.getIdentifierFirstRep().getValue().equals(legId))
			.findFirst()
			.orElseThrow();
		assertThat(document.getContentFirstRep().getAttachment().getContentType()).isEqualTo("application/pdf");
		Binary binary = this.env.fhir()
			.stored(Binary.class)
			.stream()
			.filter((b) -> ("Binary/" + b.getIdElement().getIdPart())
				.equals(document.getContentFirstRep().getAttachment().getUrl()))
			.findFirst()
			.orElseThrow();
		// OCR'd text: a random leg id may come back with an O for a 0, so the test reads
		// words
		assertThat(text(binary.getData())).contains("Lise Meitner", "REQUEST FOR MEDICAL RECORDS");
	}

	@Test
	void shouldRejectARequestWhosePurposeTheAuthorizationDoesNotAllow() {
		for (String purpose : List.of("MARKETING", "SALE_OF_PHI")) {
			Map<String, Object> body = RequestBodies.request("Ida", "Tarbell", "1857-11-05", "sandbox-clinic");
			body.put("purpose", purpose);
			String requestId = this.env.submit(body);
			JsonNode leg = awaitLegState(requestId, "AUTHORIZATION_REJECTED").path("legs").get(0);
			assertThat(leg.path("stateReason").asString()).contains("PURPOSE_NOT_AUTHORIZED", purpose,
					"45 CFR 164.508(a)(1)");
			assertThat(this.env.sftp().inbox().resolve(leg.path("id").asString() + "-manifest.json")).doesNotExist();
		}
	}

	@Test
	void shouldRejectAnInvalidAuthorizationAndGoOnOnceItIsCorrected() {
		Map<String, Object> body = RequestBodies.request("Florence", "Nightingale", "1920-05-12", "sandbox-clinic");
		@SuppressWarnings("unchecked")
		Map<String, Object> authorization = (Map<String, Object>) body.get("authorization");
		authorization.remove("signatureDate");
		ApiClient.Response created = this.env.post("requester-a", "/api/v1/requests", RequestBodies.json(body));
		String requestId = created.json().path("id").asString();
		JsonNode rejected = awaitLegState(requestId, "AUTHORIZATION_REJECTED");
		JsonNode leg = rejected.path("legs").get(0);
		assertThat(leg.path("stateReason").asString()).contains("REJECT", "SIGNATURE_DATE_MISSING",
				"45 CFR 164.508(c)(1)(vi)");
		JsonNode verdict = rejected.path("timeline").get(2);
		assertThat(verdict.path("toState").asString()).isEqualTo("AUTHORIZATION_REJECTED");
		assertThat(verdict.path("ruleSetVersion").asString()).startsWith("authorization@");
		assertThat(verdict.path("rulesFired").toString()).contains("SignatureDateMissing");
		assertThat(this.env.sftp().inbox().resolve(leg.path("id").asString() + "-manifest.json")).doesNotExist();

		authorization.put("signatureDate", "2026-10-01");
		ApiClient.Response corrected = this.env.send("requester-a", java.net.http.HttpRequest
			.newBuilder(java.net.URI.create(this.env.baseUrl() + "/api/v1/requests/" + requestId + "/authorization"))
			.header("Content-Type", "application/json")
			.PUT(java.net.http.HttpRequest.BodyPublishers
				.ofString(RequestBodies.json(Map.of("authorization", authorization)))));
		assertThat(corrected.status()).as(corrected.body()).isEqualTo(200);
		JsonNode delivered = awaitStatus(requestId, "DELIVERED");
		assertThat(transitions(delivered)).startsWith("NEW>AUTHORIZATION_CHECK",
				"AUTHORIZATION_CHECK>AUTHORIZATION_REJECTED", "AUTHORIZATION_REJECTED>AUTHORIZATION_CHECK",
				"AUTHORIZATION_CHECK>READY");
		assertThat(types(delivered)).contains("AUTHORIZATION_REPLACED");
		// the signed document on file is kept when only the fields are corrected
		assertThat(delivered.path("authorizationDocumentSha256").asString())
			.isEqualTo(rejected.path("authorizationDocumentSha256").asString());
	}

	@Test
	void shouldChangeNothingWhenStagesSeeTheirWorkAgain() {
		String requestId = submit("Ada", "Lovelace", "1815-12-10", "sandbox-clinic");
		JsonNode request = awaitStatus(requestId, "DELIVERED");
		String legId = request.path("legs").get(0).path("id").asString();
		ReceivedFile file = this.env.bean(ReceivedFileRepository.class).forLeg(legId).get(0);
		int transactions = this.env.fhir().transactions();
		int events = request.path("timeline").size();

		// what a redelivered message makes each stage do again
		assertThat(this.env.bean(AuthorizationStage.class).check(legId)).isFalse();
		assertThat(this.env.bean(Correlator.class).correlate(file.id())).isNull();
		assertThat(this.env.bean(DocumentProcessor.class).process(file.id())).isNull();
		this.env.bean(FhirDelivery.class).deliver(legId);

		assertThat(this.env.fhir().transactions()).isEqualTo(transactions);
		assertThat(this.env.get("requester-a", "/api/v1/requests/" + requestId).json().path("timeline").size())
			.isEqualTo(events);
	}

	@Test
	void shouldSayWhatIsMissingWhenTheRecordsLackARequestedTypeAndStillDeliverThem() {
		this.env.sftp().setAnswering(false);
		Map<String, Object> body = RequestBodies.request("Mae", "Jemison", "1956-10-17", "sandbox-clinic");
		body.put("recordTypes", List.of("DISCHARGE_SUMMARY", "IMAGING"));
		String requestId = this.env.submit(body);
		String legId = awaitLegState(requestId, "SUBMITTED").path("legs").get(0).path("id").asString();
		this.env.sftp()
			.send(legId + "-records.pdf",
					TextPdf.render("Records",
							String.join("\n", "DISCHARGE SUMMARY", "Patient: Mae Jemison",
									"Admission date: 2023-04-02    Discharge date: 2023-04-05",
									"Hospital course: uneventful. Discharge medications: none.", "\f", "PROGRESS NOTE",
									"Date of service: 2023-02-10", "Assessment and plan: stable, return in a year.")));
		JsonNode delivered = awaitStatus(requestId, "DELIVERED");
		assertThat(transitions(delivered)).containsSubsequence("PROCESSING>INCOMPLETE", "INCOMPLETE>DELIVERED");
		assertThat(event(delivered, "MISSING_RECORDS").path("detail").asString())
			.contains("no diagnostic imaging study (IMAGING)");
		JsonNode documents = delivered.path("legs").get(0).path("documents");
		assertThat(documents.findValuesAsString("typeCode")).containsExactly("11506-3", "18842-5");
		assertThat(documents.findValuesAsString("dateOfService")).containsExactly("2023-02-10", "2023-04-02");
		assertThat(documents.findValuesAsString("providerOrder")).containsExactly("2", "1");
	}

	@Test
	void shouldReadAZipOfACcdaAndAFaxedNoteIntoOrderedDocuments() throws Exception {
		this.env.sftp().setAnswering(false);
		String requestId = submit("Jane", "Doe", "1970-04-12", "sandbox-clinic");
		String legId = awaitLegState(requestId, "SUBMITTED").path("legs").get(0).path("id").asString();
		byte[] faxedNote = FaxMachine.fax(
				TextPdf.render("Note", String.join("\n", "PROGRESS NOTE", "Patient: Jane Doe    DOB: 04/12/1970",
						"Date of service: 2023-03-14", "Assessment and plan: cough resolving, recheck in two weeks.")),
				204, 196);
		Map<String, byte[]> export = new LinkedHashMap<>();
		export.put("IHE_XDM/SUBSET01/METADATA.XML", "<SubmitObjectsRequest/>".getBytes(StandardCharsets.UTF_8));
		export.put("IHE_XDM/SUBSET01/DOC0001.XML", Scans.dischargeSummary().getBytes(StandardCharsets.UTF_8));
		export.put("IHE_XDM/SUBSET01/DOC0002.TIF", faxedNote);
		this.env.sftp().send(legId + "-export.zip", Scans.zip(export));
		JsonNode delivered = awaitStatus(requestId, "DELIVERED");
		assertThat(delivered.path("timeline").findValuesAsString("detail"))
			.anySatisfy((detail) -> assertThat(detail).contains("-export.zip: 2 page(s), 1 of them read by OCR"));
		JsonNode documents = delivered.path("legs").get(0).path("documents");
		assertThat(documents.findValuesAsString("typeCode")).containsExactly("11506-3", "18842-5");
		assertThat(documents.findValuesAsString("dateOfService")).containsExactly("2023-03-14", "2023-05-01");
	}

	@Test
	void shouldMatchAReturnedFaxByTheLegIdPrintedOnItsCoverSheetWhenTheQrCodeIsUnreadable() {
		this.env.sftp().setAnswering(false);
		String requestId = submit("Grace", "Hopper", "1906-12-09", "sandbox-clinic");
		String legId = awaitLegState(requestId, "SUBMITTED").path("legs").get(0).path("id").asString();
		byte[] fax = FaxCoverSheet.fax(requestId, legId, "Sandbox Clinic", "Smith & Lee LLP", List.of(TextPdf
			.render("Records", "PROGRESS NOTE\nDate of service: 2023-05-02\nAssessment: stable, no changes.")));
		this.env.sftp().send("fax-0007.tif", FaxMachine.fax(Scans.withoutQrCode(fax), 204, 196));
		JsonNode delivered = awaitStatus(requestId, "DELIVERED");
		assertThat(event(delivered, "FILE_RECEIVED").path("detail").asString()).contains("fax-0007.tif",
				"matched by the leg id printed on its cover sheet");
	}

	@Test
	void shouldMatchAFileThatNamesNoLegByThePatientItIsAbout() {
		this.env.sftp().setAnswering(false);
		String requestId = submit("Barbara", "Liskov", "1939-11-07", "sandbox-clinic");
		awaitLegState(requestId, "SUBMITTED");
		this.env.sftp()
			.send("scan-5521.pdf", TextPdf.render("Records",
					"LISKOV, BARBARA    DOB: 11/07/1939\nDate of service: 2023-05-02\nProgress note: well."));
		JsonNode delivered = awaitStatus(requestId, "DELIVERED");
		assertThat(event(delivered, "FILE_RECEIVED").path("detail").asString()).contains("scan-5521.pdf",
				"matched by the patient's name and birth date");
	}

	@Test
	void shouldGiveEachLegItsOwnFileWhenAProviderSendsTheSameBytesToTwoRequesters() {
		this.env.sftp().setAnswering(false);
		String first = submit("Emmy", "Noether", "1882-03-23", "sandbox-clinic");
		String second = submit("Emmy", "Noether", "1882-03-23", "sandbox-clinic");
		String firstLeg = awaitLegState(first, "SUBMITTED").path("legs").get(0).path("id").asString();
		String secondLeg = awaitLegState(second, "SUBMITTED").path("legs").get(0).path("id").asString();
		byte[] export = TextPdf.render("Export",
				"PROGRESS NOTE\nPatient: Emmy Noether\nDate of service: 2023-06-01\nWell.");

		this.env.sftp().send(firstLeg + "-records.pdf", export);
		awaitStatus(first, "DELIVERED");
		this.env.sftp().send(secondLeg + "-records.pdf", export);
		JsonNode delivered = awaitStatus(second, "DELIVERED");
		assertThat(event(delivered, "FILE_RECEIVED").path("detail").asString()).contains(secondLeg + "-records.pdf");

		// the same export again for the first leg is a file of its own, kept as a
		// duplicate
		this.env.sftp().send(firstLeg + "-records-again.pdf", export);
		JsonNode again = awaitEvent(first, "FILE_DUPLICATE");
		assertThat(event(again, "FILE_DUPLICATE").path("detail").asString()).contains(firstLeg + "-records-again.pdf");
		ReceivedFileRepository files = this.env.bean(ReceivedFileRepository.class);
		assertThat(files.forLeg(firstLeg)).extracting(ReceivedFile::status)
			.containsExactly(ReceivedFile.Status.PROCESSED, ReceivedFile.Status.DUPLICATE);
		assertThat(files.forLeg(secondLeg)).extracting(ReceivedFile::status)
			.containsExactly(ReceivedFile.Status.PROCESSED);
	}

	@Test
	void shouldDeliverTwoRequestsForOnePatientAtOneFhirProviderEachTheirRecords() {
		Map<String, String> range = Map.of("from", "2014-01-01", "to", "2021-12-31");
		List<String> requests = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			Map<String, Object> body = RequestBodies.request("Gladys682", "Schumm995", "1981-11-03", "hillside-health");
			body.put("dateRange", range);
			@SuppressWarnings("unchecked")
			Map<String, Object> authorization = (Map<String, Object>) body.get("authorization");
			authorization.put("authorizedDateRange", range);
			requests.add(this.env.submit(body));
		}
		for (String requestId : requests) {
			JsonNode delivered = awaitStatus(requestId, "DELIVERED");
			assertThat(types(delivered)).filteredOn("FILE_RECEIVED"::equals).hasSize(2);
		}
	}

	@Test
	void shouldKeepAndRecordFilesThatMatchNoLeg() {
		byte[] stray = TextPdf.render("Stray", "A scan nobody asked for");
		this.env.sftp().send("scan-0042.pdf", stray);
		EventLog events = this.env.bean(EventLog.class);
		await().atMost(PATIENCE)
			.until(() -> events.unattached("sandbox-clinic")
				.stream()
				.anyMatch((e) -> e.type().equals("FILE_UNMATCHED") && e.detail().contains("scan-0042.pdf")));
		ReceivedFile file = this.env.bean(ReceivedFileRepository.class)
			.inStatus(ReceivedFile.Status.UNMATCHED)
			.stream()
			.filter((f) -> f.fileName().equals("scan-0042.pdf"))
			.findFirst()
			.orElseThrow();
		assertThat(this.env.bean(DocumentStore.class).get(file.sha256())).isEqualTo(stray);
		// never deleted from the provider's server either
		await().atMost(PATIENCE)
			.until(() -> Files.exists(this.env.sftp().outbox().resolve(".recordhub/received/scan-0042.pdf")));
	}

	@Test
	void shouldLetStaffAssignAnUnmatchedFileToItsLegAndRetryAQuarantinedOne() {
		this.env.sftp().setAnswering(false);
		String requestId = submit("Chien-Shiung", "Wu", "1912-05-31", "sandbox-clinic");
		String legId = awaitLegState(requestId, "SUBMITTED").path("legs").get(0).path("id").asString();
		byte[] scan = TextPdf.render("Records", "Patient: Chien-Shiung Wu\nDate of service: 2023-08-01");
		this.env.sftp().send("scan-7781.pdf", scan);
		JsonNode unmatched = await().atMost(PATIENCE)
			.until(() -> this.env.fileNamed("UNMATCHED", "scan-7781.pdf"), (file) -> file != null);
		String fileId = unmatched.path("id").asString();
		this.env.get("requester-a", "/api/v1/files").assertProblem(403, "FORBIDDEN");
		ApiClient.Response content = this.env.get("him-staff", "/api/v1/files/" + fileId + "/content");
		assertThat(content.status()).isEqualTo(200);
		assertThat(content.contentType()).startsWith("application/pdf");

		ApiClient.Response assigned = this.env.post("him-staff", "/api/v1/files/" + fileId + "/assign",
				"{\"legId\": \"" + legId + "\"}");
		assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
		JsonNode delivered = awaitStatus(requestId, "DELIVERED");
		assertThat(delivered.toString()).contains("assigned by him-staff");
		this.env.post("him-staff", "/api/v1/files/" + fileId + "/assign", "{\"legId\": \"" + legId + "\"}")
			.assertProblem(409, "FILE_STATE");
		this.env.post("him-staff", "/api/v1/files/no-such-file/retry", "").assertProblem(404, "FILE_NOT_FOUND");

		// a quarantined file is read again on request
		String other = submit("Rosalyn", "Yalow", "1921-07-19", "sandbox-clinic");
		String otherLeg = awaitLegState(other, "SUBMITTED").path("legs").get(0).path("id").asString();
		this.env.sftp().send(otherLeg + "-records.pdf", "%PDF-1.7 broken".getBytes());
		JsonNode quarantined = await().atMost(PATIENCE)
			.until(() -> this.env.fileNamed("QUARANTINED", otherLeg + "-records.pdf"), (file) -> file != null);
		assertThat(quarantined.path("statusReason").asString()).startsWith("Corrupt or truncated PDF");
		String quarantinedId = quarantined.path("id").asString();
		assertThat(this.env.post("him-staff", "/api/v1/files/" + quarantinedId + "/retry", "").status()).isEqualTo(200);
		JsonNode retried = await().atMost(PATIENCE)
			.until(() -> get(other), (r) -> types(r).stream().filter("FILE_QUARANTINED"::equals).count() == 2);
		assertThat(retried.path("legs").get(0).path("state").asString()).isEqualTo("SUBMITTED");
	}

	@Test
	void shouldHoldAnotherPatientsRecordUntilStaffRejectOrClearIt() throws Exception {
		this.env.sftp().setAnswering(false);
		// another patient's record in the answer: held, never delivered, no detail for
		// the
		// requester
		String requestId = submit("Dorothy", "Vaughan", "1910-09-20", "sandbox-clinic");
		String legId = awaitLegState(requestId, "SUBMITTED").path("legs").get(0).path("id").asString();
		this.env.sftp()
			.send(legId + "-records.pdf",
					TextPdf.render("Records", "Patient: Mary Jackson    Date of birth: 1921-04-09\nProgress note."));
		JsonNode held = await().atMost(PATIENCE)
			.until(() -> this.env.fileNamed("HELD", legId + "-records.pdf"), (file) -> file != null);
		// the stored reason points to the page, which staff open; it does not repeat her
		// name
		assertThat(held.path("statusReason").asString()).contains("Possible misfile: page 1", "names a patient")
			.doesNotContain("Mary", "Jackson", "1921");
		assertThat(text(this.env.get("him-staff", "/dashboard/queues/files/" + held.path("id").asString()).bytes()))
			.contains("Mary Jackson");
		JsonNode request = get(requestId);
		assertThat(types(request)).contains("POSSIBLE_MISFILE");
		assertThat(request.toString()).doesNotContain("Mary Jackson", "1921-04-09");
		assertThat(request.path("legs").get(0).path("state").asString()).isEqualTo("SUBMITTED");
		String heldId = held.path("id").asString();
		assertThat(this.env.post("him-staff", "/api/v1/files/" + heldId + "/reject", "").status()).isEqualTo(200);
		this.env.post("him-staff", "/api/v1/files/" + heldId + "/clear", "").assertProblem(409, "FILE_STATE");
		this.env.sftp()
			.send(legId + "-records-corrected.pdf",
					TextPdf.render("Records", "Patient: Dorothy Vaughan    Date of birth: 1910-09-20\nNote."));
		JsonNode delivered = awaitStatus(requestId, "DELIVERED");
		assertThat(types(delivered)).contains("MISFILE_REJECTED");
		assertThat(this.env.fhir()
			.stored(DocumentReference.class)
			.stream()
			.filter((d) -> d.getIdentifierFirstRep().getValue().equals(legId))).hasSize(1);

		// a record under the patient's former name is hers: cleared and delivered
		String second = submit("Katherine", "Goble", "1918-08-26", "sandbox-clinic");
		String secondLeg = awaitLegState(second, "SUBMITTED").path("legs").get(0).path("id").asString();
		this.env.sftp()
			.send(secondLeg + "-records.pdf",
					TextPdf.render("Records", "Patient: Katherine Coleman    Date of birth: 1918-08-26\nNote."));
		JsonNode maiden = await().atMost(PATIENCE)
			.until(() -> this.env.fileNamed("HELD", secondLeg + "-records.pdf"), (file) -> file != null);
		assertThat(this.env.post("him-staff", "/api/v1/files/" + maiden.path("id").asString() + "/clear", "").status())
			.isEqualTo(200);
		assertThat(types(awaitStatus(second, "DELIVERED"))).contains("MISFILE_CLEARED");
	}

	@Test
	void shouldQuarantineCorruptRecordsAndDeliverOnceGoodOnesArrive() {
		this.env.sftp().setAnswering(false);
		String requestId = submit("Grace", "Hopper", "1906-12-09", "sandbox-clinic");
		JsonNode request = awaitLegState(requestId, "SUBMITTED");
		String legId = request.path("legs").get(0).path("id").asString();

		this.env.sftp().send(legId + "-records.pdf", "%PDF-1.7 this is not really a PDF".getBytes());
		request = awaitEvent(requestId, "FILE_QUARANTINED");
		assertThat(request.path("legs").get(0).path("state").asString()).isEqualTo("SUBMITTED");
		assertThat(request.toString()).contains("Corrupt or truncated PDF");

		this.env.sftp().send(legId + "-records-resent.pdf", TextPdf.render("Records", "Patient: Grace Hopper"));
		awaitStatus(requestId, "DELIVERED");
	}

	@Test
	void shouldAnswerReadsWhileTheFlowIsBusyReadingScans() throws Exception {
		this.env.sftp().setAnswering(false);
		String requestId = submit("Barbara", "McClintock", "1902-06-16", "sandbox-clinic");
		String legId = awaitLegState(requestId, "SUBMITTED").path("legs").get(0).path("id").asString();
		// a backlog: scans to OCR, each seconds of work for the process stage
		byte[] scan = Files.readAllBytes(Path.of("../shared/corpus/ocr/tesseract-test/phototest.tif"));
		for (int i = 0; i < 6; i++) {
			byte[] copy = java.util.Arrays.copyOf(scan, scan.length + 1 + i);
			this.env.sftp().send(legId + "-scan-" + i + ".tif", copy);
		}
		// 32 readers at once, three times over: none waits for a connection the flow
		// holds
		java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(32);
		try {
			List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
			for (int i = 0; i < 96; i++) {
				answers
					.add(readers.submit(() -> this.env.get("requester-a", "/api/v1/requests/" + requestId).status()));
			}
			for (java.util.concurrent.Future<Integer> answer : answers) {
				assertThat(answer.get(2, java.util.concurrent.TimeUnit.MINUTES)).isEqualTo(200);
			}
		}
		finally {
			readers.shutdownNow();
		}
		awaitStatus(requestId, "DELIVERED");
	}

	@Test
	void shouldQuarantineHostileFilesWithTheirReasonAndNeverFailTheLeg() {
		this.env.sftp().setAnswering(false);
		String requestId = submit("Hedy", "Lamarr", "1914-11-09", "sandbox-clinic");
		String legId = awaitLegState(requestId, "SUBMITTED").path("legs").get(0).path("id").asString();

		this.env.sftp().send(legId + "-loop.pdf", org.recordhub.document.HostilePdfs.cyclicPageTree());
		this.env.sftp().send(legId + "-empty.pdf", new byte[0]);
		this.env.sftp().send(legId + "-bomb.pdf", org.recordhub.document.HostilePdfs.drawingAnImageOf(20_000, 20_000));
		ReceivedFileRepository files = this.env.bean(ReceivedFileRepository.class);
		await().atMost(PATIENCE)
			.until(() -> files.forLeg(legId)
				.stream()
				.filter((f) -> f.status() == ReceivedFile.Status.QUARANTINED)
				.count() == 3);
		assertThat(files.forLeg(legId)).allSatisfy((file) -> assertThat(file.statusReason()).isNotBlank());
		assertThat(files.forLeg(legId)).extracting(ReceivedFile::statusReason)
			.anyMatch((reason) -> reason.startsWith("It could not be read: Possible recursion"))
			.anyMatch((reason) -> reason.contains("draws an image of 20000 x 20000 pixels"))
			.contains("The file is empty (0 bytes)");
		assertThat(get(requestId).path("legs").get(0).path("state").asString()).isEqualTo("SUBMITTED");

		this.env.sftp().send(legId + "-records.pdf", TextPdf.render("Records", "Patient: Hedy Lamarr"));
		awaitStatus(requestId, "DELIVERED");
	}

	@Test
	void shouldQuarantineAFileWhoseReadingWasStartedTwiceAndNeverFinished() {
		this.env.sftp().setAnswering(false);
		String requestId = submit("Rosalind", "Franklin", "1920-07-25", "sandbox-clinic");
		String legId = awaitLegState(requestId, "SUBMITTED").path("legs").get(0).path("id").asString();
		String fileId = this.env.bean(Correlator.class)
			.correlate(this.env.bean(org.recordhub.document.Inbound.class)
				.receive(TextPdf.render("Records", "Patient: Rosalind Franklin"), legId + "-records.pdf",
						"sandbox-clinic", "sftp"));
		// RecordHub died twice while reading it (out of memory, say)
		this.env.bean(org.springframework.jdbc.core.simple.JdbcClient.class)
			.sql("update received_file set read_attempts = 2 where id = ?")
			.param(fileId)
			.update();

		assertThat(this.env.bean(DocumentProcessor.class).process(fileId)).isNull();
		JsonNode file = this.env.get("him-staff", "/api/v1/files/" + fileId).json();
		assertThat(file.path("status").asString()).isEqualTo("QUARANTINED");
		assertThat(file.path("statusReason").asString())
			.startsWith("Reading it was started 2 times and never finished");
		// staff retry it once the cause is fixed: it is read again
		assertThat(this.env.post("him-staff", "/api/v1/files/" + fileId + "/retry", "").status()).isEqualTo(200);
		awaitStatus(requestId, "DELIVERED");
	}

	@Test
	void shouldCompleteWithTheReadableFilesWhenTheLastFileOfABatchIsCorrupt() {
		this.env.sftp().setAnswering(false);
		String requestId = submit("Emmy", "Noether", "1882-03-23", "sandbox-clinic");
		String legId = awaitLegState(requestId, "SUBMITTED").path("legs").get(0).path("id").asString();
		org.recordhub.document.Inbound inbound = this.env.bean(org.recordhub.document.Inbound.class);
		Correlator correlator = this.env.bean(Correlator.class);
		DocumentProcessor processor = this.env.bean(DocumentProcessor.class);
		// two files of one batch, matched before either is read
		String good = correlator.correlate(inbound.receive(TextPdf.render("Records", "Patient: Emmy Noether"),
				legId + "-part-1.pdf", "sandbox-clinic", "sftp"));
		String corrupt = correlator.correlate(inbound.receive("%PDF-1.7 torn in transit".getBytes(),
				legId + "-part-2.pdf", "sandbox-clinic", "sftp"));

		assertThat(processor.process(good)).isNull();
		assertThat(get(requestId).path("legs").get(0).path("state").asString()).isEqualTo("RECORDS_RECEIVED");
		assertThat(processor.process(corrupt)).isEqualTo(legId);
		JsonNode request = get(requestId);
		assertThat(request.path("legs").get(0).path("state").asString()).isEqualTo("COMPLETE");
		assertThat(types(request)).contains("FILE_READ", "FILE_QUARANTINED");
	}

	@Test
	void shouldDeliverACorrectedDocumentAsReplacingTheOneDeliveredBefore() {
		this.env.sftp().setAnswering(false);
		String requestId = submit("Grace", "Hopper", "1906-12-09", "sandbox-clinic");
		String legId = awaitLegState(requestId, "SUBMITTED").path("legs").get(0).path("id").asString();
		String note = "PROGRESS NOTE\nPatient: Grace Hopper\nDate of service: 2023-06-01\n"
				+ "Blood pressure 150/95. Started lisinopril.";
		this.env.sftp().send(legId + "-records.pdf", TextPdf.render("Records", note));
		awaitStatus(requestId, "DELIVERED");
		DocumentReference first = documentReferences(this.env.fhir().lastTransaction()).get(0);

		// the provider sends the note again, corrected
		String corrected = note.replace("150/95", "130/85") + "\nAmended: blood pressure corrected.";
		this.env.sftp().send(legId + "-records-amended.pdf", TextPdf.render("Records", corrected));
		JsonNode request = awaitEvent(requestId, "DOCUMENT_REPLACED");
		assertThat(event(request, "DOCUMENT_REPLACED").path("detail").asString()).contains("2023-06-01",
				"relatesTo 'replaces'", entryUuid(first));
		// the second delivery carries the correction, marked as replacing the first,
		// and not the replaced note again
		List<DocumentReference> second = documentReferences(this.env.fhir().lastTransaction());
		assertThat(second).singleElement().satisfies((reference) -> {
			assertThat(entryUuid(reference)).isNotEqualTo(entryUuid(first));
			assertThat(reference.getRelatesToFirstRep().getCode())
				.isEqualTo(DocumentReference.DocumentRelationshipType.REPLACES);
			assertThat(reference.getRelatesToFirstRep().getTarget().getIdentifier().getValue())
				.isEqualTo(entryUuid(first));
		});
		// and the requester's server, an MHD Document Recipient, superseded the first
		assertThat(this.env.fhir().stored(DocumentReference.class))
			.filteredOn((stored) -> entryUuid(stored).equals(entryUuid(first)))
			.singleElement()
			.extracting(DocumentReference::getStatus)
			.isEqualTo(Enumerations.DocumentReferenceStatus.SUPERSEDED);
	}

	static String entryUuid(DocumentReference reference) {
		return reference.getIdentifier()
			.stream()
			.filter((identifier) -> identifier.getUse() == Identifier.IdentifierUse.OFFICIAL)
			.findFirst()
			.orElseThrow()
			.getValue();
	}

	static List<DocumentReference> documentReferences(Bundle bundle) {
		return bundle.getEntry()
			.stream()
			.map(Bundle.BundleEntryComponent::getResource)
			.filter(DocumentReference.class::isInstance)
			.map(DocumentReference.class::cast)
			.toList();
	}

	@Test
	void shouldKeepButNotDeliverAgainAFileWhosePagesWereAllReceivedBefore() {
		this.env.sftp().setAnswering(false);
		String requestId = submit("Alan", "Turing", "1912-06-23", "sandbox-clinic");
		String legId = awaitLegState(requestId, "SUBMITTED").path("legs").get(0).path("id").asString();
		org.recordhub.document.Inbound inbound = this.env.bean(org.recordhub.document.Inbound.class);
		Correlator correlator = this.env.bean(Correlator.class);
		DocumentProcessor processor = this.env.bean(DocumentProcessor.class);
		String note = "PROGRESS NOTE\nPatient: Alan Turing\nDate of service: 2023-06-01\nStable, no changes.";
		String labs = "LABORATORY REPORT\nPatient: Alan Turing\nCollected: 2023-06-02\nSodium 140 mmol/L.";
		// the provider sends the record, then the same pages again in another order
		String first = correlator.correlate(inbound.receive(TextPdf.render("Records", note + "\f" + labs),
				legId + "-records.pdf", "sandbox-clinic", "sftp"));
		String again = correlator.correlate(inbound.receive(TextPdf.render("Resent", labs + "\f" + note),
				legId + "-records-resent.pdf", "sandbox-clinic", "sftp"));

		assertThat(processor.process(first)).isNull();
		assertThat(processor.process(again)).isEqualTo(legId);
		assertThat(this.env.get("him-staff", "/api/v1/files/" + again).json().path("status").asString())
			.isEqualTo("DUPLICATE");
		assertThat(this.env.get("him-staff", "/api/v1/files/" + first).json().path("pageCount").asInt()).isEqualTo(2);
		JsonNode request = get(requestId);
		assertThat(request.path("legs").get(0).path("state").asString()).isEqualTo("COMPLETE");
		assertThat(event(request, "FILE_DUPLICATE").path("detail").asString())
			.contains("Every page (2) repeats records already received for this leg");
		assertThat(request.path("legs").get(0).path("documents").size()).isEqualTo(2);
	}

	@Test
	void shouldFailLegWithReasonWhenProviderHostKeyDoesNotMatch() {
		String requestId = submit("Alan", "Turing", "1912-06-23", "imposter-clinic");
		JsonNode request = awaitLegState(requestId, "FAILED");
		String reason = request.path("legs").get(0).path("stateReason").asString();
		assertThat(reason).startsWith("Failed after retries").containsIgnoringCase("hostkey");
		assertThat(transitions(request)).last().isEqualTo("READY>FAILED");
		assertThat(
				this.env.sftp().inbox().resolve(request.path("legs").get(0).path("id").asString() + "-manifest.json"))
			.doesNotExist();
	}

	@Test
	void shouldSendAFailedLegAgainWhenStaffRetryAfterFixingTheCause() throws Exception {
		String requestId = submit("Katherine", "Johnson", "1918-08-26", "imposter-clinic");
		JsonNode failed = awaitLegState(requestId, "FAILED");
		String legId = failed.path("legs").get(0).path("id").asString();
		this.env.post("requester-a", "/api/v1/requests/" + requestId + "/legs/" + legId + "/retry", "")
			.assertProblem(403, "FORBIDDEN");

		// the operator pins the right host key, then retries
		Path pinned = this.env.directory().resolve("wrong_known_hosts");
		String wrong = Files.readString(pinned);
		Files.copy(this.env.directory().resolve("known_hosts"), pinned, StandardCopyOption.REPLACE_EXISTING);
		try {
			ApiClient.Response retried = this.env.post("him-staff",
					"/api/v1/requests/" + requestId + "/legs/" + legId + "/retry", "");
			assertThat(retried.status()).as(retried.body()).isEqualTo(200);
			JsonNode submitted = awaitLegState(requestId, "SUBMITTED");
			assertThat(transitions(submitted)).endsWith("READY>FAILED", "FAILED>READY", "READY>SUBMITTED");
			this.env.post("him-staff", "/api/v1/requests/" + requestId + "/legs/" + legId + "/retry", "")
				.assertProblem(409, "ILLEGAL_STATE_TRANSITION");
		}
		finally {
			Files.writeString(pinned, wrong);
		}
	}

	@Test
	void shouldSignInWithAKeyWhenTheRouteNamesOne() {
		String requestId = submit("Hedy", "Lamarr", "1914-11-09", "keyed-clinic");
		String legId = awaitLegState(requestId, "SUBMITTED").path("legs").get(0).path("id").asString();
		assertThat(this.env.sftp().inbox().resolveSibling("keyed-inbox").resolve(legId + "-manifest.json")).exists();
	}

	@Test
	void shouldKeepRecordsWhenTheRequesterServerIsDownAndDeliverThemOnRetry() {
		this.env.fhir().setAccepting(false);
		String requestId = submit("Barbara", "McClintock", "1902-06-16", "sandbox-clinic");
		JsonNode undelivered = awaitEvent(requestId, "DELIVERY_FAILED");
		this.env.fhir().setAccepting(true);
		assertThat(undelivered.path("legs").get(0).path("state").asString()).isEqualTo("COMPLETE");
		assertThat(undelivered.path("status").asString()).isEqualTo("IN_PROGRESS");
		assertThat(undelivered.toString()).contains("Delivery failed after retries");

		String legId = undelivered.path("legs").get(0).path("id").asString();
		ApiClient.Response retried = this.env.post("him-staff",
				"/api/v1/requests/" + requestId + "/legs/" + legId + "/retry", "");
		assertThat(retried.status()).as(retried.body()).isEqualTo(200);
		JsonNode delivered = awaitStatus(requestId, "DELIVERED");
		assertThat(types(delivered)).containsSubsequence("DELIVERY_FAILED", "DELIVERY_RETRIED", "STATE_CHANGED");
		assertThat(transitions(delivered)).last().isEqualTo("COMPLETE>DELIVERED");
	}

	@Test
	void shouldCountADeliveryOnlyWhenTheRequestersServerConfirmsEveryEntry() {
		this.env.fhir().setConfirming(false);
		String requestId = submit("Chien-Shiung", "Wu", "1912-05-31", "sandbox-clinic");
		JsonNode unconfirmed = awaitEvent(requestId, "DELIVERY_FAILED");
		this.env.fhir().setConfirming(true);
		assertThat(unconfirmed.path("legs").get(0).path("state").asString()).isEqualTo("COMPLETE");
		assertThat(event(unconfirmed, "DELIVERY_FAILED").path("detail").asString()).contains("confirmed",
				"entries delivered");
		String legId = unconfirmed.path("legs").get(0).path("id").asString();
		this.env.post("him-staff", "/api/v1/requests/" + requestId + "/legs/" + legId + "/retry", "");
		JsonNode delivered = awaitStatus(requestId, "DELIVERED");
		// delivered again, conditionally: one copy of each document on the server
		long copies = this.env.fhir()
			.stored(DocumentReference.class)
			.stream()
			.filter((d) -> d.getIdentifierFirstRep().getValue().equals(legId))
			.count();
		assertThat(copies).isEqualTo(delivered.path("legs").get(0).path("documents").size());
	}

	@Test
	void shouldFallBackToTheNextChannelWhenThePreferredOneFailsForGood() throws Exception {
		String requestId = submit("Ida", "Wells", "1862-07-16", "fallback-clinic");
		JsonNode submitted = awaitLegState(requestId, "SUBMITTED");
		String legId = submitted.path("legs").get(0).path("id").asString();
		assertThat(submitted.path("legs").get(0).path("channel").asString()).isEqualTo("email");
		JsonNode selected = event(submitted, "CHANNEL_SELECTED");
		assertThat(selected.path("detail").asString()).startsWith("Channel sftp, then email")
			.contains("the provider's preferred channel +30");
		assertThat(selected.path("ruleSetVersion").asString()).startsWith("channel@");
		assertThat(event(submitted, "CHANNEL_SWITCHED").path("detail").asString()).startsWith("sftp failed (")
			.contains("trying email");
		assertThat(transitions(submitted)).doesNotContain("READY>FAILED").contains("READY>SUBMITTED");
		assertThat(java.util.Arrays.stream(this.env.mail().messages()).map(EndToEndTests::subject))
			.contains("Request for medical records - leg " + legId);
	}

	@Test
	void shouldWeighTheRequestersPreferredChannel() {
		Map<String, Object> body = RequestBodies.request("Mary", "Jackson", "1921-04-09", "fallback-clinic");
		body.put("preferredChannel", "email");
		String requestId = this.env.submit(body);
		JsonNode selected = event(awaitLegState(requestId, "SUBMITTED"), "CHANNEL_SELECTED");
		assertThat(selected.path("detail").asString()).contains("the requester's preferred channel +20")
			.contains("the provider's preferred channel +30");
	}

	@Test
	void shouldFailLegWhenNoRouteServesTheProvider() {
		String requestId = submit("Rosalind", "Franklin", "1920-07-25", "routeless-clinic");
		JsonNode request = awaitLegState(requestId, "FAILED");
		assertThat(request.path("legs").get(0).path("stateReason").asString())
			.contains("No outbound route in routes/ serves provider routeless-clinic");
	}

	String submit(String given, String family, String birthDate, String provider) {
		return this.env.submit(RequestBodies.request(given, family, birthDate, provider));
	}

	JsonNode get(String requestId) {
		return this.env.get("requester-a", "/api/v1/requests/" + requestId).json();
	}

	JsonNode awaitStatus(String requestId, String status) {
		return this.env.awaitStatus(requestId, status);
	}

	JsonNode awaitLegState(String requestId, String state) {
		return this.env.awaitLegState(requestId, state);
	}

	/** The request once its timeline has an event of the type. */
	JsonNode awaitEvent(String requestId, String type) {
		return await().atMost(PATIENCE).until(() -> get(requestId), (request) -> types(request).contains(type));
	}

	static List<String> transitions(JsonNode request) {
		List<String> transitions = new ArrayList<>();
		for (JsonNode event : request.path("timeline")) {
			if (event.path("type").asString().equals("STATE_CHANGED")) {
				transitions.add(event.path("fromState").asString() + ">" + event.path("toState").asString());
			}
		}
		return transitions;
	}

	static JsonNode event(JsonNode request, String type) {
		for (JsonNode event : request.path("timeline")) {
			if (event.path("type").asString().equals(type)) {
				return event;
			}
		}
		throw new AssertionError("No " + type + " on the timeline: " + request.path("timeline"));
	}

	static List<String> types(JsonNode request) {
		List<String> types = new ArrayList<>();
		request.path("timeline").forEach((event) -> types.add(event.path("type").asString()));
		return types;
	}

	static String text(byte[] pdf) throws java.io.IOException {
		try (PDDocument document = Loader.loadPDF(pdf)) {
			return new PDFTextStripper().getText(document);
		}
	}

}
