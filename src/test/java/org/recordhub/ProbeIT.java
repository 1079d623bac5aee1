package org.recordhub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.recordhub.document.ReceivedFile;
import org.recordhub.document.ReceivedFileRepository;
import org.recordhub.fhir.DownloadLinks;
import org.recordhub.security.Caller;
import org.recordhub.security.Role;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The probe a hostile or careless world runs against one RecordHub: every endpoint for
 * every role and organisation, the hostile-input corpus in {@code hostile/}, password
 * guessing, and what the session cookie and operations endpoints give away. Nothing here
 * is mocked: RecordHub runs with its real servers, and the corpus arrives where it would
 * (the API, the FHIR API, the NPPES import, a provider's SFTP outbox).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class ProbeIT {

	/** The patient name every hostile item carries where a patient's data would be. */
	private static final String CANARY = "Zqxcanary";

	private static final Path HOSTILE = Path.of("src/test/resources/hostile");

	private static final List<String> USERS = List.of("requester-a", "requester-b", "him-staff", "compliance", "admin");

	private static final Map<String, Role> ROLES = Map.of("requester-a", Role.REQUESTER, "requester-b", Role.REQUESTER,
			"him-staff", Role.HIM_STAFF, "compliance", Role.COMPLIANCE, "admin", Role.ADMIN);

	private TestEnvironment env;

	/**
	 * Smith & Lee's (requester-a's) delivered request: what the others must not reach.
	 */
	private Fixture fixture;

	@BeforeAll
	void start() throws Exception {
		this.env = new TestEnvironment(TestDatabase.H2);
		this.env.start();
		String requestId = this.env.submit(RequestBodies.request("Ada", "Probeson", "1961-03-14", "sandbox-clinic"));
		JsonNode delivered = this.env.awaitStatus(requestId, "DELIVERED");
		String legId = delivered.path("legs").get(0).path("id").asString();
		String fileId = this.env.bean(ReceivedFileRepository.class)
			.forLeg(legId)
			.stream()
			.filter((file) -> file.status() == ReceivedFile.Status.PROCESSED)
			.findFirst()
			.orElseThrow()
			.id();
		JsonNode documents = this.env.get("requester-a", "/fhir/DocumentReference?task=Task/" + requestId).json();
		JsonNode document = documents.path("entry").get(0).path("resource");
		String binary = document.path("content").get(0).path("attachment").path("url").asString();
		JsonNode events = this.env.get("admin", "/fhir/AuditEvent").json();
		this.fixture = new Fixture(requestId, legId, fileId, document.path("id").asString(),
				binary.substring(binary.lastIndexOf('/') + 1),
				events.path("entry").get(0).path("resource").path("id").asString());
	}

	@AfterAll
	void stop() throws Exception {
		this.env.close();
	}

	/**
	 * Every endpoint the application serves × every role × own and other organisation:
	 * callers outside an endpoint's policy are all refused, and another organisation's
	 * requester never sees Smith & Lee's request. An endpoint missing from the policy
	 * fails the test (default deny).
	 */
	@Test
	void shouldRefuseEveryCallOutsideTheAccessPolicy() throws Exception {
		List<Rule> policy = policy();
		Map<String, String> consumes = new HashMap<>();
		Set<String> served = served(consumes);
		Set<String> declared = new LinkedHashSet<>();
		policy.forEach((rule) -> declared.add(rule.method() + " " + rule.path()));
		assertThat(declared).as("endpoints served but not in probe/access-policy.tsv (default deny: declare them)")
			.containsAll(served);

		Map<String, Session> sessions = new HashMap<>();
		for (String user : USERS) {
			sessions.put(user, Session.signIn(this.env.baseUrl(), user));
		}
		Session anonymous = new Session(this.env.baseUrl(), null, null);
		List<String> failures = new ArrayList<>();
		int calls = 0;
		for (Rule rule : policy) {
			// the refused first: a refusal must change nothing the permitted then see
			List<String> callers = new ArrayList<>(
					List.of("anonymous", "requester-b", "compliance", "admin", "requester-a", "him-staff"));
			callers.sort((a, b) -> Boolean.compare(rule.allows(a), rule.allows(b)));
			Map<String, Integer> statuses = new TreeMap<>();
			for (String caller : callers) {
				String url = fill(rule.path(), rule.query());
				String user = "anonymous".equals(caller) ? null : caller;
				// the dashboard in a signed-in browser session, the APIs with HTTP Basic
				String type = consumes.get(rule.toString());
				Answer answer = (rule.dashboard() && user != null) ? sessions.get(user).call(rule.method(), url, null)
						: anonymous.call(rule.method(), url, user, type);
				if (rule.dashboard() && user != null && answer.status() == 302
						&& !answer.location().contains("/login")) {
					// a dashboard action answers with the page it returns to: that page
					// says
					answer = sessions.get(user).call("GET", URI.create(answer.location()).getPath(), null);
				}
				calls++;
				statuses.put(caller, answer.status());
				boolean refused = answer.status() == 401 || answer.status() == 403
						|| (answer.status() == 302 && answer.location().contains("/login"));
				boolean otherOrganisation = "requester-b".equals(caller) && !"-".equals(rule.scope());
				if (answer.status() >= 500) {
					failures.add(rule + " " + caller + ": " + answer.status());
				}
				else if (!rule.allows(caller) && !refused) {
					failures.add(rule + " " + caller + ": not refused (" + answer.status() + ")");
				}
				else if (rule.allows(caller) && refused) {
					failures.add(rule + " " + caller + ": refused (" + answer.status() + ")");
				}
				// 404, or 400: its own input refused before any request was looked up
				else if (otherOrganisation && rule.allows(caller) && "org".equals(rule.scope())
						&& answer.status() != 404 && answer.status() != 400) {
					failures.add(rule + " requester-b: another organisation's request answered " + answer.status());
				}
				// its patient, and which request a document is of (unless the caller
				// named it)
				if (otherOrganisation && (answer.body().contains("Probeson") || answer.body().contains("1961-03-14")
						|| (!url.contains(this.fixture.requestId())
								&& answer.body().contains(this.fixture.requestId())))) {
					failures.add(rule + " requester-b: sees Smith & Lee's request: " + abbreviate(answer.body()));
				}
			}
			if ("org".equals(rule.scope()) && rule.allows("requester-a") && statuses.get("requester-a") == 404) {
				failures.add(rule + " requester-a: its own request is not found, so the check proves nothing");
			}
		}
		assertThat(failures).as(calls + " calls").isEmpty();
		assertThat(calls).isGreaterThanOrEqualTo(policy.size() * 6);
	}

	/**
	 * The hostile-input corpus against the API, the FHIR API and the NPPES import: never
	 * a server error, every refusal naming its reason, no input value in any log line,
	 * and the service healthy after.
	 */
	@Test
	void shouldRefuseHostileRequestsNamingTheReasonAndLogNoneOfTheirValues(CapturedOutput output) throws Exception {
		List<String> failures = new ArrayList<>();
		int items = 0;
		for (Path item : corpus("api")) {
			ApiClient.Response answer = this.env.api()
				.post("requester-a", "/api/v1/requests", "application/json", Files.readAllBytes(item));
			items++;
			check(item, answer, failures);
		}
		for (Path item : corpus("fhir")) {
			String type = item.toString().endsWith(".xml") ? "application/fhir+xml" : "application/fhir+json";
			ApiClient.Response answer = this.env.api().post("him-staff", "/fhir", type, Files.readAllBytes(item));
			items++;
			check(item, answer, failures);
			assertThat(answer.body()).as(item.toString()).doesNotContain("root:x:0:0");
		}
		for (Path item : corpus("csv")) {
			ApiClient.Response answer = this.env.api()
				.post("admin", "/api/v1/providers/nppes", "text/csv", Files.readAllBytes(item));
			items++;
			check(item, answer, failures);
		}
		assertThat(failures).as(items + " hostile requests").isEmpty();
		assertThat(items).isGreaterThanOrEqualTo(150);
		assertThat(this.env.get(null, "/actuator/health").json().path("status").asString()).isEqualTo("UP");
		assertThat(output.getAll()).as("a hostile input's patient name in the log").doesNotContain(CANARY);
	}

	/**
	 * Hostile files from a provider: each ends in a status staff can see (a quarantine
	 * with its reason, most of them), none stalls the others, and the leg still completes
	 * with the real records sent after them.
	 */
	@Test
	void shouldGiveEveryHostileFileAFinalStatusAndStillDeliverTheRecords(CapturedOutput output) throws Exception {
		this.env.sftp().setAnswering(false);
		try {
			String requestId = this.env
				.submit(RequestBodies.request("Grace", "Hopper", "1906-12-09", "sandbox-clinic"));
			String legId = this.env.awaitLegState(requestId, "SUBMITTED").path("legs").get(0).path("id").asString();
			List<String> sent = new ArrayList<>();
			for (Path item : corpus("files")) {
				String name = item.getFileName().toString();
				String arriving = name.startsWith(".") ? "." + legId + "-" + name.substring(1) : legId + "-" + name;
				this.env.sftp().send(arriving, Files.readAllBytes(item));
				if (!name.startsWith(".")) {
					sent.add(arriving);
				}
			}
			ReceivedFileRepository files = this.env.bean(ReceivedFileRepository.class);
			Set<ReceivedFile.Status> settled = EnumSet.of(ReceivedFile.Status.QUARANTINED,
					ReceivedFile.Status.PROCESSED, ReceivedFile.Status.DUPLICATE, ReceivedFile.Status.MESSAGE,
					ReceivedFile.Status.HELD, ReceivedFile.Status.UNMATCHED);
			await().atMost(Duration.ofMinutes(4)).untilAsserted(() -> {
				List<ReceivedFile> received = files.forLeg(legId);
				assertThat(received.size()).isGreaterThanOrEqualTo(sent.size());
				assertThat(received).allSatisfy((file) -> assertThat(file.status()).isIn(settled));
			});
			assertThat(files.forLeg(legId)).filteredOn((file) -> file.status() == ReceivedFile.Status.QUARANTINED)
				.isNotEmpty()
				.allSatisfy((file) -> assertThat(file.statusReason()).isNotBlank());
			// a hidden file is a file still being written, by convention: left where it
			// is
			assertThat(this.env.sftp().outbox().resolve("." + legId + "-hidden.pdf")).exists();
			this.env.sftp()
				.send(legId + "-records.pdf", org.recordhub.document.TextPdf.render("Records",
						"Patient: Grace Hopper    Date of birth: 1906-12-09\nProgress note."));
			this.env.awaitStatus(requestId, "DELIVERED");
			assertThat(output.getAll()).as("a hostile file's patient name in the log").doesNotContain(CANARY);
		}
		finally {
			this.env.sftp().setAnswering(true);
		}
	}

	/**
	 * Password guessing: ten wrong passwords lock the user, the right one included, on
	 * the API and the sign-in form alike; fifty from one address lock that address; both
	 * are audited and both end when the lockout has passed.
	 */
	@Test
	void shouldLockSignInAfterRepeatedWrongPasswordsPerUserAndPerAddress() {
		try {
			for (int i = 0; i < 10; i++) {
				assertThat(basic("compliance", "wrong-" + i, "203.0.113.10").status()).isEqualTo(401);
			}
			ApiClient.Response locked = basic("compliance", "compliance-pass", "203.0.113.11");
			locked.assertProblem(429, "SIGN_IN_LOCKED");
			HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
			Session form = new Session(this.env.baseUrl(), browser, null);
			String csrf = Session.csrfIn(form.call("GET", "/login", null).body());
			assertThat(form.send("POST", "/login", null, "username=compliance&password=compliance-pass&_csrf=" + csrf)
				.location()).endsWith("/login?locked");
			// others sign in as before
			assertThat(basic("him-staff", "him-staff-pass", "203.0.113.11").status()).isEqualTo(200);

			for (int i = 0; i < 50; i++) {
				assertThat(basic("guess-" + i, "wrong", "203.0.113.12").status()).isEqualTo(401);
			}
			basic("admin", "admin-pass", "203.0.113.12").assertProblem(429, "SIGN_IN_LOCKED");
			assertThat(basic("admin", "admin-pass", "203.0.113.13").status()).isEqualTo(200);
			assertThat(this.env.get("admin", "/fhir/AuditEvent?_count=500").body())
				.contains("Sign-in locked for user compliance after 10 wrong passwords")
				.contains("Sign-in locked for client address 203.0.113.12 after 50 wrong passwords");
		}
		finally {
			this.env.clock().set(Instant.now().plus(Duration.ofMinutes(16)));
		}
		assertThat(basic("compliance", "compliance-pass", "203.0.113.11").status()).isEqualTo(200);
		assertThat(basic("admin", "admin-pass", "203.0.113.12").status()).isEqualTo(200);
		this.env.clock().reset();
	}

	/**
	 * The dashboard's session cookie: HttpOnly and SameSite=Strict always, Secure when
	 * the request came over HTTPS (here through a TLS-terminating proxy); an unused
	 * session is signed out after the idle timeout.
	 */
	@Test
	void shouldKeepTheSessionCookieToTheSiteOverHttpsAndSignOutIdleSessions() throws Exception {
		HttpResponse<String> plain = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(this.env.baseUrl() + "/login")).build(),
					HttpResponse.BodyHandlers.ofString());
		String cookie = plain.headers().firstValue("Set-Cookie").orElseThrow();
		assertThat(cookie).startsWith("JSESSIONID=").contains("HttpOnly", "SameSite=Strict").doesNotContain("Secure");
		HttpResponse<String> proxied = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(this.env.baseUrl() + "/login"))
				.header("X-Forwarded-Proto", "https")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(proxied.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure", "SameSite=Strict");

		String session = cookie.substring("JSESSIONID=".length(), cookie.indexOf(';'));
		org.apache.catalina.Context context = (org.apache.catalina.Context) ((org.springframework.boot.tomcat.TomcatWebServer) ((org.springframework.boot.web.server.context.WebServerApplicationContext) this.env
			.app()).getWebServer()).getTomcat().getHost().findChildren()[0];
		assertThat(context.getManager().findSession(session).getMaxInactiveInterval())
			.isEqualTo((int) Duration.ofMinutes(15).toSeconds());
	}

	/**
	 * Operations' details are for administrators: others see whether it is up, no more.
	 */
	@Test
	void shouldShowHealthDetailsToAdministratorsOnly() {
		for (String user : new String[] { null, "requester-a", "compliance", "him-staff" }) {
			JsonNode health = this.env.get(user, "/actuator/health").json();
			assertThat(health.path("status").asString()).isEqualTo("UP");
			assertThat(health.has("components")).as(String.valueOf(user)).isFalse();
		}
		assertThat(this.env.get("admin", "/actuator/health").json().has("components")).isTrue();
	}

	private ApiClient.Response basic(String user, String password, String address) {
		return this.env.api()
			.send(null,
					HttpRequest.newBuilder(URI.create(this.env.baseUrl() + "/api/v1/requests?size=1"))
						.header("X-Forwarded-For", address)
						.header("Authorization", "Basic " + Base64.getEncoder()
							.encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))));
	}

	private static void check(Path item, ApiClient.Response answer, List<String> failures) {
		if (answer.status() >= 500) {
			failures.add(item.getFileName() + ": " + answer.status() + " " + abbreviate(answer.body()));
		}
		else if (answer.status() >= 400 && !answer.body().contains("code") && !answer.body().contains("diagnostics")) {
			failures
				.add(item.getFileName() + ": " + answer.status() + " without a reason: " + abbreviate(answer.body()));
		}
	}

	private static String abbreviate(String text) {
		return (text.length() > 300) ? text.substring(0, 300) + "…" : text;
	}

	private static List<Path> corpus(String folder) throws IOException {
		try (Stream<Path> items = Files.list(HOSTILE.resolve(folder))) {
			return items.sorted().toList();
		}
	}

	private String fill(String path, String query) {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("{requestId}", this.fixture.requestId());
		values.put("{legId}", this.fixture.legId());
		values.put("{fileId}", this.fixture.fileId());
		values.put("{documentId}", this.fixture.documentId());
		values.put("{binaryId}", this.fixture.binaryId());
		values.put("{eventId}", this.fixture.eventId());
		values.put("{page}", "1");
		values.put("{*path}", "liveness");
		values.put("{requiredMetricName}", "jvm.memory.used");
		values.put("{chart}", "turnaround");
		String id = path.startsWith("/api/v1/files") || path.startsWith("/dashboard/queues/files")
				? this.fixture.fileId() : path.contains("/providers/") ? "sandbox-clinic"
						: path.startsWith("/dashboard/analytics") ? "status" : this.fixture.requestId();
		values.put("{id}", id);
		String filled = path;
		if (filled.contains("{token}")) {
			filled = filled.replace("{token}", token());
		}
		for (Map.Entry<String, String> value : values.entrySet()) {
			filled = filled.replace(value.getKey(), value.getValue());
		}
		if (query != null) {
			String q = query;
			for (Map.Entry<String, String> value : values.entrySet()) {
				q = q.replace(value.getKey(), value.getValue());
			}
			filled += "?" + q;
		}
		return filled;
	}

	/** A fresh download link to the fixture's delivery (each caller may use one up). */
	private String token() {
		String url = this.env.bean(DownloadLinks.class)
			.renew(this.fixture.requestId(), this.fixture.legId(),
					new Caller("him-staff", "recordhub", EnumSet.of(Role.HIM_STAFF)))
			.url();
		return url.substring(url.lastIndexOf('/') + 1);
	}

	/** Every endpoint the running application serves, as "METHOD path". */
	private Set<String> served(Map<String, String> consumes) {
		Set<String> served = new LinkedHashSet<>();
		this.env.app()
			.getBeansOfType(RequestMappingHandlerMapping.class)
			.values()
			.forEach((mapping) -> mapping.getHandlerMethods().keySet().forEach((info) -> {
				Set<String> methods = info.getMethodsCondition()
					.getMethods()
					.stream()
					.map(Enum::name)
					.collect(java.util.stream.Collectors.toSet());
				for (String pattern : info.getPatternValues()) {
					for (String method : methods.isEmpty() ? Set.of("GET") : methods) {
						served.add(method + " " + pattern);
						info.getConsumesCondition()
							.getConsumableMediaTypes()
							.stream()
							.findFirst()
							.ifPresent((type) -> consumes.putIfAbsent(method + " " + pattern, type.toString()));
					}
				}
			}));
		JsonNode capability = this.env.get("admin", "/fhir/metadata").json();
		served.add("GET /fhir/metadata");
		for (JsonNode rest : capability.path("rest")) {
			for (JsonNode interaction : rest.path("interaction")) {
				if (interaction.path("code").asString().equals("transaction")) {
					served.add("POST /fhir");
				}
			}
			for (JsonNode resource : rest.path("resource")) {
				String type = resource.path("type").asString();
				for (JsonNode interaction : resource.path("interaction")) {
					switch (interaction.path("code").asString()) {
						case "read" -> served.add("GET /fhir/" + type + "/{" + fhirId(type) + "}");
						case "search-type" -> served.add("GET /fhir/" + type);
						case "create" -> served.add("POST /fhir/" + type);
						default -> served.add(interaction.path("code").asString() + " /fhir/" + type);
					}
				}
			}
		}
		JsonNode links = this.env.get("admin", "/actuator").json().path("_links");
		served.add("GET /actuator");
		for (JsonNode link : links) {
			String href = link.path("href").asString();
			served.add("GET " + href.substring(href.indexOf("/actuator")));
		}
		return served;
	}

	private static String fhirId(String type) {
		return switch (type) {
			case "DocumentReference" -> "documentId";
			case "Binary" -> "binaryId";
			case "AuditEvent" -> "eventId";
			default -> "id";
		};
	}

	private static List<Rule> policy() throws IOException {
		List<Rule> rules = new ArrayList<>();
		for (String line : Files.readAllLines(Path.of("src/test/resources/probe/access-policy.tsv"))) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			String[] fields = line.split("\t");
			rules.add(new Rule(fields[0], fields[1], fields[2], fields[3], (fields.length > 4) ? fields[4] : null));
		}
		return rules;
	}

	private record Fixture(String requestId, String legId, String fileId, String documentId, String binaryId,
			String eventId) {
	}

	private record Rule(String method, String path, String who, String scope, String query) {

		boolean allows(String caller) {
			if ("anyone".equals(this.who)) {
				return true;
			}
			if ("nobody".equals(this.who)) {
				return false;
			}
			if ("anonymous".equals(caller)) {
				return false;
			}
			return "signed-in".equals(this.who) || List.of(this.who.split(",")).contains(ROLES.get(caller).name());
		}

		/** Dashboard pages are called in a signed-in session, with its CSRF token. */
		boolean dashboard() {
			return this.path.equals("/") || this.path.startsWith("/dashboard") || this.path.equals("/login");
		}

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

	private record Answer(int status, String location, String body) {
	}

	/**
	 * A browser-like client: a form sign-in's session cookie and CSRF token, or HTTP
	 * Basic.
	 */
	private record Session(String baseUrl, HttpClient http, String csrf) {

		static Session signIn(String baseUrl, String user) {
			HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
			Session anonymous = new Session(baseUrl, http, null);
			String token = csrfIn(anonymous.call("GET", "/login", null).body());
			Answer signedIn = anonymous.send("POST", "/login", null,
					"username=" + user + "&password=" + user + "-pass&_csrf=" + encode(token));
			assertThat(signedIn.location()).as(user + " signs in").endsWith("/dashboard/requests");
			return new Session(baseUrl, http, csrfIn(anonymous.call("GET", "/dashboard/requests", null).body()));
		}

		Answer call(String method, String path, String basicUser) {
			return call(method, path, basicUser, null);
		}

		Answer call(String method, String path, String basicUser, String contentType) {
			String form = ("POST".equals(method) && this.csrf != null && basicUser == null)
					? "_csrf=" + encode(this.csrf) : "";
			return send(method, path, basicUser, form, contentType);
		}

		Answer send(String method, String path, String basicUser, String form) {
			return send(method, path, basicUser, form, null);
		}

		Answer send(String method, String path, String basicUser, String form, String contentType) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
				.timeout(Duration.ofSeconds(60));
			if (basicUser != null) {
				request.header("Authorization", "Basic " + Base64.getEncoder()
					.encodeToString((basicUser + ":" + basicUser + "-pass").getBytes(StandardCharsets.UTF_8)));
			}
			if ("GET".equals(method)) {
				request.GET();
			}
			else {
				boolean formPost = basicUser == null && contentType == null;
				String type = formPost ? "application/x-www-form-urlencoded"
						: (contentType != null) ? contentType : "application/json";
				request.header("Content-Type", type)
					.method(method,
							HttpRequest.BodyPublishers.ofString(formPost ? form : type.contains("json") ? "{}" : ""));
			}
			HttpClient client = (this.http != null) ? this.http : HttpClient.newHttpClient();
			try {
				HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
				return new Answer(response.statusCode(), response.headers().firstValue("Location").orElse(""),
						response.body());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		private static String csrfIn(String page) {
			Matcher token = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
			assertThat(token.find()).as("a CSRF token in the page").isTrue();
			return token.group(1);
		}

		private static String encode(String value) {
			return URLEncoder.encode(value, StandardCharsets.UTF_8);
		}

	}

}
