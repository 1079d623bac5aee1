package org.recordhub;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.recordhub.authorization.ConsentAuthorizationsTests;
import org.recordhub.authorization.FilledForms;
import tools.jackson.databind.JsonNode;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The API as its users meet it: organisation isolation, authentication (HTTP Basic and
 * OAuth2 JWT), and a problem+json answer with a stable code for each kind of bad input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiIT {

	private TestEnvironment env;

	private KeyPair issuerKey;

	private Path rules;

	@BeforeAll
	void start() throws Exception {
		this.env = new TestEnvironment(TestDatabase.H2);
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		this.issuerKey = generator.generateKeyPair();
		Path publicKey = this.env.directory().resolve("issuer.pem");
		Files.writeString(publicKey,
				"-----BEGIN PUBLIC KEY-----\n"
						+ Base64.getMimeEncoder().encodeToString(this.issuerKey.getPublic().getEncoded())
						+ "\n-----END PUBLIC KEY-----\n");
		// a copy of the rules, so the hot reload tests can change them
		this.rules = this.env.directory().resolve("rules");
		FileSystemUtils.copyRecursively(Path.of("rules"), this.rules);
		this.env.with("spring.security.oauth2.resourceserver.jwt.public-key-location", "file:" + publicKey)
			.with("recordhub.api.max-body-size", "64KB")
			.with("recordhub.rules.directory", this.rules)
			.with("recordhub.rules.reload-interval", "200ms")
			.start();
	}

	@AfterAll
	void stop() throws Exception {
		this.env.close();
	}

	@Test
	void shouldShowRequestersOnlyTheirOwnOrganisationsRequests() {
		String mine = submit("requester-a", "Jane", "Doe");
		String theirs = submit("requester-b", "John", "Roe");

		assertThat(this.env.get("requester-a", "/api/v1/requests/" + mine).status()).isEqualTo(200);
		ApiClient.Response foreign = this.env.get("requester-a", "/api/v1/requests/" + theirs);
		assertProblem(foreign, 404, "REQUEST_NOT_FOUND");
		assertProblem(this.env.post("requester-a", "/api/v1/requests/" + theirs + "/cancel", ""), 404,
				"REQUEST_NOT_FOUND");
		assertThat(ids(this.env.get("requester-a", "/api/v1/requests?size=200"))).contains(mine).doesNotContain(theirs);
		assertThat(ids(this.env.get("requester-b", "/api/v1/requests?size=200"))).contains(theirs).doesNotContain(mine);
		// HIM staff work across organisations
		assertThat(ids(this.env.get("him-staff", "/api/v1/requests?size=200"))).contains(mine, theirs);
	}

	@Test
	void shouldAcceptOAuth2TokensScopedToTheirOrganisation() throws Exception {
		String mine = submit("requester-b", "Eve", "Stone");
		String token = token("partner-app", "acme-insurance", List.of("requester"));
		ApiClient.Response listed = this.env.send(null,
				HttpRequest.newBuilder(URI.create(this.env.baseUrl() + "/api/v1/requests?size=200"))
					.header("Authorization", "Bearer " + token));
		assertThat(listed.status()).isEqualTo(200);
		assertThat(ids(listed)).contains(mine);
		assertThat(listed.json().path("items").findValuesAsString("organizationId")).containsOnly("acme-insurance");

		// the same signature over a payload that claims more: the signature no longer
		// matches
		String[] parts = token.split("\\.");
		String claimsAdmin = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("{\"sub\":\"partner-app\",\"organization\":\"acme-insurance\",\"roles\":[\"admin\"],"
					+ "\"exp\":" + (Instant.now().getEpochSecond() + 300) + "}")
				.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		String forged = parts[0] + "." + claimsAdmin + "." + parts[2];
		ApiClient.Response refused = this.env.send(null,
				HttpRequest.newBuilder(URI.create(this.env.baseUrl() + "/api/v1/requests"))
					.header("Authorization", "Bearer " + forged));
		assertProblem(refused, 401, "UNAUTHENTICATED");
	}

	@Test
	void shouldRequireAuthenticationForEveryApiCall() {
		assertProblem(this.env.get(null, "/api/v1/requests"), 401, "UNAUTHENTICATED");
		assertProblem(
				this.env.send(null,
						HttpRequest.newBuilder(URI.create(this.env.baseUrl() + "/api/v1/requests"))
							.header("Authorization",
									"Basic " + Base64.getEncoder().encodeToString("requester-a:wrong".getBytes()))),
				401, "UNAUTHENTICATED");
	}

	@Test
	void shouldForbidSubmittingToRolesThatDoNotRequestRecords() {
		assertProblem(this.env.post("compliance", "/api/v1/requests", body("Jane", "Doe")), 403, "FORBIDDEN");
	}

	@Test
	void shouldAnswerMalformedJsonWithProblem() {
		assertProblem(this.env.post("requester-a", "/api/v1/requests", "{\"patient\": {"), 400, "MALFORMED_JSON");
		ApiClient.Response badDate = this.env.post("requester-a", "/api/v1/requests",
				body("Jane", "Doe").replace("1980-04-12", "12/04/1980"));
		assertProblem(badDate, 400, "MALFORMED_JSON");
		assertThat(badDate.json().path("detail").asString()).contains("birthDate").doesNotContain("12/04/1980");
	}

	@Test
	void shouldRefuseFieldsTooLongOrTooManyAndIdentifiersDeliveryWouldRefuseNamingEach() {
		Map<String, Object> huge = RequestBodies.request("Jane", "D".repeat(5_000), "1980-04-12", "sandbox-clinic");
		List<Map<String, String>> identifiers = new ArrayList<>();
		for (int i = 0; i < 21; i++) {
			identifiers.add(Map.of("system", "urn:oid:2.16.840.1.113883.4.1", "value", "000-00-" + i));
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> patient = new java.util.LinkedHashMap<>((Map<String, Object>) huge.get("patient"));
		patient.put("identifiers", identifiers);
		huge.put("patient", patient);
		ApiClient.Response tooMuch = this.env.post("requester-a", "/api/v1/requests", RequestBodies.json(huge));
		assertProblem(tooMuch, 400, "VALIDATION_FAILED");
		assertThat(tooMuch.json().path("errors").findValuesAsString("field")).contains("patient.name.family",
				"patient.identifiers");
		assertThat(tooMuch.body()).doesNotContain("DDDDDDDDDD");

		// an OID the FHIR rules refuse, and a system that is no URI: refused now, not at
		// delivery weeks later
		for (String system : List.of("urn:oid:1.2.3", "MRN")) {
			Map<String, Object> body = RequestBodies.request("Jane", "Doe", "1980-04-12", "sandbox-clinic");
			@SuppressWarnings("unchecked")
			Map<String, Object> subject = new java.util.LinkedHashMap<>((Map<String, Object>) body.get("patient"));
			subject.put("identifiers", List.of(Map.of("system", system, "value", "12345")));
			body.put("patient", subject);
			ApiClient.Response refused = this.env.post("requester-a", "/api/v1/requests", RequestBodies.json(body));
			assertProblem(refused, 422, "INVALID_PATIENT_IDENTIFIER");
			assertThat(refused.json().path("detail").asString()).startsWith("patient.identifiers[0]")
				.doesNotContain("12345");
		}
	}

	@Test
	void shouldNameEveryMissingField() {
		ApiClient.Response response = this.env.post("requester-a", "/api/v1/requests", "{}");
		assertProblem(response, 400, "VALIDATION_FAILED");
		assertThat(response.json().path("errors").findValuesAsString("field")).contains("patient", "authorizationGiven",
				"providers", "dateRange", "purpose");

		Map<String, Object> reversed = RequestBodies.request("Jane", "Doe", "1980-04-12", "sandbox-clinic");
		reversed.put("dateRange", Map.of("from", "2024-01-01", "to", "2023-01-01"));
		ApiClient.Response backwards = this.env.post("requester-a", "/api/v1/requests", RequestBodies.json(reversed));
		assertProblem(backwards, 400, "VALIDATION_FAILED");
		assertThat(backwards.json().path("errors").findValuesAsString("field")).contains("dateRange.ordered");

		Map<String, Object> pigeon = RequestBodies.request("Jane", "Doe", "1980-04-12", "sandbox-clinic");
		pigeon.put("preferredChannel", "pigeon");
		ApiClient.Response unknownChannel = this.env.post("requester-a", "/api/v1/requests",
				RequestBodies.json(pigeon));
		assertProblem(unknownChannel, 400, "VALIDATION_FAILED");
		assertThat(unknownChannel.json().path("errors").findValuesAsString("field")).contains("preferredChannel");
	}

	@Test
	void shouldRejectUnknownProviders() {
		ApiClient.Response response = this.env.post("requester-a", "/api/v1/requests",
				RequestBodies.json(RequestBodies.request("Jane", "Doe", "1980-04-12", "no-such-clinic")));
		assertProblem(response, 422, "UNKNOWN_PROVIDER");
		assertThat(response.json().path("detail").asString()).contains("no-such-clinic");
	}

	@Test
	void shouldRejectAnAuthorizationDocumentThatIsNotAPdf() {
		Map<String, Object> body = RequestBodies.request("Jane", "Doe", "1980-04-12", "sandbox-clinic");
		body.put("authorizationDocument", Base64.getEncoder().encodeToString("just text".getBytes()));
		assertProblem(this.env.post("requester-a", "/api/v1/requests", RequestBodies.json(body)), 422,
				"INVALID_AUTHORIZATION_DOCUMENT");
	}

	@Test
	void shouldRefuseBodiesOverTheLimitWhetherDeclaredOrStreamed() {
		Map<String, Object> body = RequestBodies.request("Jane", "Doe", "1980-04-12", "sandbox-clinic");
		body.put("authorizationDocument", Base64.getEncoder().encodeToString(new byte[100_000]));
		String large = RequestBodies.json(body);
		assertProblem(this.env.post("requester-a", "/api/v1/requests", large), 413, "BODY_TOO_LARGE");
		// chunked: no Content-Length, so the limit applies while reading
		ApiClient.Response chunked = this.env.send("requester-a",
				HttpRequest.newBuilder(URI.create(this.env.baseUrl() + "/api/v1/requests"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large.getBytes()))));
		assertProblem(chunked, 413, "BODY_TOO_LARGE");
		// the FHIR API too, declared or streamed
		String task = "{\"resourceType\": \"Task\", \"note\": [{\"text\": \"" + "x".repeat(100_000) + "\"}]}";
		for (HttpRequest.BodyPublisher publisher : List.of(HttpRequest.BodyPublishers.ofString(task),
				HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(task.getBytes())))) {
			assertProblem(this.env.send("requester-a",
					HttpRequest.newBuilder(URI.create(this.env.baseUrl() + "/fhir/Task"))
						.header("Content-Type", "application/fhir+json")
						.POST(publisher)),
					413, "BODY_TOO_LARGE");
		}
	}

	@Test
	void shouldCancelOpenLegsAndRefuseToCancelWhatIsDelivered() {
		this.env.sftp().setAnswering(false);
		String waiting;
		try {
			waiting = submit("requester-a", "Open", "Leg");
			await().atMost(Duration.ofSeconds(60)).until(() -> state(waiting), (state) -> state.equals("SUBMITTED"));
		}
		finally {
			this.env.sftp().setAnswering(true);
		}
		ApiClient.Response cancelled = this.env.post("requester-a", "/api/v1/requests/" + waiting + "/cancel", "");
		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.json().path("status").asString()).isEqualTo("CANCELLED");
		assertThat(cancelled.json().path("legs").get(0).path("state").asString()).isEqualTo("CANCELLED");

		String delivered = submit("requester-a", "Done", "Leg");
		await().atMost(Duration.ofSeconds(60)).until(() -> state(delivered), (state) -> state.equals("DELIVERED"));
		ApiClient.Response conflict = this.env.post("requester-a", "/api/v1/requests/" + delivered + "/cancel", "");
		assertProblem(conflict, 409, "ILLEGAL_STATE_TRANSITION");
		assertThat(conflict.json().path("state").asString()).isEqualTo("DELIVERED");
	}

	@Test
	void shouldPageAndFilterByStatus() {
		submit("requester-a", "Page", "One");
		submit("requester-a", "Page", "Two");
		JsonNode page = this.env.get("requester-a", "/api/v1/requests?size=1&status=IN_PROGRESS").json();
		assertThat(page.path("items").size()).isLessThanOrEqualTo(1);
		assertThat(page.path("size").asInt()).isEqualTo(1);
		page.path("items").forEach((item) -> assertThat(item.path("status").asString()).isEqualTo("IN_PROGRESS"));
		JsonNode all = this.env.get("requester-a", "/api/v1/requests?size=200").json();
		assertThat(all.path("totalItems").asLong()).isEqualTo(all.path("items").size());
		assertProblem(this.env.get("requester-a", "/api/v1/requests?status=SOMEDAY"), 400, "BAD_REQUEST");
	}

	@Test
	void shouldPublishTheApiAsOpenApi() {
		ApiClient.Response docs = this.env.get(null, "/v3/api-docs");
		assertThat(docs.status()).isEqualTo(200);
		assertThat(docs.json().path("paths").has("/api/v1/requests")).isTrue();
		assertThat(docs.json().path("paths").has("/api/v1/requests/{id}/cancel")).isTrue();
		assertThat(docs.json().path("components").path("securitySchemes").has("basic")).isTrue();
		assertThat(this.env.get(null, "/swagger-ui/index.html").status()).isEqualTo(200);
	}

	@Test
	void shouldValidateAnAuthorizationForALegUnderStateLaw() {
		Map<String, Object> authorization = authorization();
		authorization.put("informationCategories", List.of("HIV"));
		Map<String, Object> check = Map.of("asOf", "2026-11-27", "jurisdiction", "NY", "authorization", authorization,
				"leg", Map.of("patient", authorization.get("patient"), "providerName", "Mercy Hospital", "dateRange",
						Map.of("from", "2023-01-01", "to", "2023-12-31"), "informationCategories", List.of("HIV")));
		ApiClient.Response response = this.env.post("compliance", "/api/v1/authorizations/validate",
				RequestBodies.json(check));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode verdict = response.json();
		assertThat(verdict.path("decision").asString()).isEqualTo("REJECT");
		assertThat(verdict.path("findings").findValuesAsString("code"))
			.containsExactlyInAnyOrder("STATE_REQUIREMENT_UNMET", "SENSITIVE_CATEGORIES");
		assertThat(verdict.path("findings").findValuesAsString("citation")).contains("NY PHL §2782; 10 NYCRR 63.5");
		assertThat(verdict.path("ruleSetVersion").asString()).startsWith("authorization@");
		assertThat(verdict.path("rulesFired").toString()).contains("NY HIV needs DOH-2557");

		assertThat(this.env
			.post("requester-a", "/api/v1/authorizations/validate",
					RequestBodies.json(Map.of("authorization", authorization())))
			.json()
			.path("decision")
			.asString()).isEqualTo("ACCEPT");
		this.env.post("compliance", "/api/v1/authorizations/validate", "{\"authorization\": [")
			.assertProblem(400, "MALFORMED_JSON");
		this.env.post("compliance", "/api/v1/authorizations/validate", "{}").assertProblem(400, "VALIDATION_FAILED");
	}

	@Test
	void shouldReloadChangedRulesOnlyWhenTheirScenariosPass() throws Exception {
		String active = this.env.get("compliance", "/api/v1/rules/authorization")
			.json()
			.path("activeVersion")
			.asString();
		Path file = this.rules.resolve("authorization/core-elements.drl");
		String original = Files.readString(file);
		try {
			// a typo: the old rules stay, and the error shows in the API and the health
			// endpoint
			Files.writeString(file, original.replace("Authorization( !signed )", "Authorization( !signd )"));
			JsonNode rejected = await().atMost(Duration.ofSeconds(30))
				.until(() -> this.env.get("compliance", "/api/v1/rules/authorization").json(),
						(status) -> !status.path("accepted").asBoolean());
			assertThat(rejected.path("activeVersion").asString()).isEqualTo(active);
			assertThat(rejected.path("problems").toString()).contains("signd");
			JsonNode health = this.env.get("admin", "/actuator/health").json();
			assertThat(health.path("components").path("authorizationRules").path("status").asString())
				.isEqualTo("DEGRADED");
			assertThat(this.env
				.post("requester-a", "/api/v1/authorizations/validate",
						RequestBodies.json(Map.of("authorization", authorization())))
				.json()
				.path("ruleSetVersion")
				.asString()).isEqualTo(active);

			// a reworded message whose scenarios still pass replaces the rules without a
			// restart
			Files.writeString(file, original.replace("The authorization is not signed.", "Nobody signed it."));
			JsonNode accepted = await().atMost(Duration.ofSeconds(30))
				.until(() -> this.env.get("compliance", "/api/v1/rules/authorization").json(),
						(status) -> status.path("accepted").asBoolean());
			assertThat(accepted.path("activeVersion").asString()).isNotEqualTo(active);
			Map<String, Object> unsigned = authorization();
			unsigned.put("signed", false);
			assertThat(this.env
				.post("compliance", "/api/v1/authorizations/validate",
						RequestBodies.json(Map.of("authorization", unsigned)))
				.body()).contains("Nobody signed it.");
		}
		finally {
			Files.writeString(file, original);
		}
	}

	@Test
	void shouldServeTheFillableFormAndReadItWhenUploadedWithARequest() {
		ApiClient.Response blank = this.env.get("requester-a", "/api/v1/authorizations/form");
		assertThat(blank.status()).isEqualTo(200);
		assertThat(blank.contentType()).startsWith("application/pdf");

		Map<String, Object> body = RequestBodies.request("Jane", "Doe", "1980-04-12", "sandbox-clinic");
		body.remove("authorization");
		body.put("authorizationDocument",
				Base64.getEncoder().encodeToString(FilledForms.complete("Jane", "Doe", "1980-04-12")));
		ApiClient.Response created = this.env.post("requester-a", "/api/v1/requests", RequestBodies.json(body));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.json().path("authorization").path("patient").path("name").path("family").asString())
			.isEqualTo("Doe");
		assertThat(created.json().path("authorization").path("signatureDate").asString()).isEqualTo("2026-10-01");
		String id = created.json().path("id").asString();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> state(id), (state) -> !state.equals("NEW") && !state.equals("AUTHORIZATION_CHECK"));
		assertThat(state(id)).isNotEqualTo("AUTHORIZATION_REJECTED");

		body.put("authorizationDocument", Base64.getEncoder().encodeToString(RequestBodies.AUTHORIZATION_PDF));
		this.env.post("requester-a", "/api/v1/requests", RequestBodies.json(body))
			.assertProblem(422, "INVALID_AUTHORIZATION_FORM");
	}

	@Test
	void shouldValidateAFhirConsent() {
		ApiClient.Response response = this.env.send("him-staff",
				HttpRequest
					.newBuilder(URI.create(this.env.baseUrl() + "/api/v1/authorizations/validate?asOf=2026-11-27"))
					.header("Content-Type", "application/fhir+json")
					.POST(HttpRequest.BodyPublishers.ofString(ConsentAuthorizationsTests.CONSENT)));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().path("decision").asString()).isEqualTo("ACCEPT_WITH_WARNINGS");
		this.env
			.send("him-staff",
					HttpRequest.newBuilder(URI.create(this.env.baseUrl() + "/api/v1/authorizations/validate"))
						.header("Content-Type", "application/fhir+json")
						.POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\": \"Patient\"}")))
			.assertProblem(422, "INVALID_CONSENT");
	}

	@Test
	void shouldShowStaffTheDirectoryAndEachProvidersHistoryPerChannel() {
		String delivered = submit("requester-a", "History", "Maker");
		await().atMost(Duration.ofSeconds(60)).until(() -> state(delivered), (state) -> state.equals("DELIVERED"));

		JsonNode providers = this.env.get("him-staff", "/api/v1/providers").json();
		assertThat(providers.findValuesAsString("id")).contains("sandbox-clinic", "lakeside-ortho", "smith-lee");
		JsonNode clinic = this.env.get("him-staff", "/api/v1/providers/sandbox-clinic").json();
		assertThat(clinic.path("address").path("state").asString()).isEqualTo("NY");
		assertThat(clinic.path("endpoints").findValuesAsString("channel")).containsExactly("sftp");
		this.env.get("requester-a", "/api/v1/providers").assertProblem(403, "FORBIDDEN");

		JsonNode sftp = this.env.get("him-staff", "/api/v1/providers/sandbox-clinic/statistics").json().path("sftp");
		assertThat(sftp.path("legs").asInt()).isGreaterThanOrEqualTo(1);
		assertThat(sftp.path("failureRate").asDouble()).isZero();
		assertThat(sftp.path("medianTurnaroundDays").asDouble()).isBetween(0.0, 1.0);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> authorization() {
		return new java.util.LinkedHashMap<>(
				(Map<String, Object>) RequestBodies.request("Jane", "Doe", "1980-04-12", "sandbox-clinic")
					.get("authorization"));
	}

	private String submit(String user, String given, String family) {
		ApiClient.Response response = this.env.post(user, "/api/v1/requests", body(given, family));
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.json().path("id").asString();
	}

	private String state(String requestId) {
		return this.env.get("requester-a", "/api/v1/requests/" + requestId)
			.json()
			.path("legs")
			.get(0)
			.path("state")
			.asString();
	}

	private static String body(String given, String family) {
		return RequestBodies.json(RequestBodies.request(given, family, "1980-04-12", "sandbox-clinic"));
	}

	private static List<String> ids(ApiClient.Response page) {
		assertThat(page.status()).isEqualTo(200);
		return page.json().path("items").findValuesAsString("id");
	}

	private static void assertProblem(ApiClient.Response response, int status, String code) {
		response.assertProblem(status, code);
	}

	private String token(String subject, String organization, List<String> roles) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256),
				new JWTClaimsSet.Builder().subject(subject)
					.claim("organization", organization)
					.claim("roles", roles)
					.issueTime(new Date())
					.expirationTime(Date.from(Instant.now().plusSeconds(300)))
					.build());
		jwt.sign(new RSASSASigner((RSAPrivateKey) this.issuerKey.getPrivate()));
		return jwt.serialize();
	}

}
