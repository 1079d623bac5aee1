package org.recordhub;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import ca.uhn.fhir.context.FhirContext;
import org.recordhub.sandbox.SandboxClerk;
import org.recordhub.sandbox.SandboxEhr;
import org.recordhub.sandbox.SandboxFhirServer;
import org.recordhub.sandbox.SandboxMailServer;
import org.recordhub.sandbox.SandboxPortal;
import org.recordhub.sandbox.SandboxSftpServer;
import org.recordhub.sandbox.SandboxSmartAuth;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real servers for full-context tests: a provider's SFTP server and a requester's FHIR
 * server that outlive RecordHub restarts, and RecordHub itself, started and stopped like
 * a process with its data (database, broker journal, documents) in a temporary folder.
 */
public final class TestEnvironment implements AutoCloseable {

	public static final FhirContext FHIR = FhirContext.forR4Cached();

	public static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Path NOTES = Path.of("../shared/corpus/clinical/synthea-notes/notes");

	private final Path directory;

	private final Map<String, Object> database;

	private final SandboxSftpServer sftp;

	private final SandboxFhirServer fhir;

	/** Smith & Lee's webhook, told of each of their deliveries. */
	private final WebhookReceiver webhook;

	static final String WEBHOOK_SECRET = "test-webhook-secret";

	private final SandboxMailServer mail;

	private final SandboxEhr ehr;

	private final SandboxPortal portal;

	private final SandboxEhr smartEhr;

	private final SandboxSmartAuth smart;

	private final SandboxSmartAuth requesterSmart;

	private final Map<String, Object> extraProperties = new HashMap<>();

	private ConfigurableApplicationContext app;

	private final MutableClock clock = new MutableClock();

	private List<String> arguments = List.of();

	private final List<ConfigurableApplicationContext> otherNodes = new java.util.ArrayList<>();

	public TestEnvironment(TestDatabase database) throws IOException {
		this.directory = Files.createTempDirectory("recordhub-test");
		this.database = database.newDatabase(this.directory);
		PublicKey clientKey = SandboxSmartAuth.newClientKey(this.directory.resolve("client-key.pem"));
		this.sftp = new SandboxSftpServer(this.directory.resolve("sftp"), this.directory.resolve("sftp-host-key.pem"),
				0, "recordhub", "test-secret", List.of(clientKey), new SandboxClerk(JSON, NOTES))
			.start();
		this.sftp.writeKnownHosts(this.directory.resolve("known_hosts"));
		writeWrongKnownHosts();
		// the requesters' FHIR server takes deliveries from SMART backend clients only
		this.requesterSmart = SandboxSmartAuth.withNewClientKey("recordhub",
				this.directory.resolve("requester-smart-key.pem"));
		this.fhir = new SandboxFhirServer(FHIR, 0).requireSmart(this.requesterSmart).start();
		this.webhook = new WebhookReceiver(WEBHOOK_SECRET);
		this.ehr = new SandboxEhr(FHIR, 0, NOTES.getParent()).start();
		this.smart = new SandboxSmartAuth("recordhub-test",
				SandboxSmartAuth.newClientKey(this.directory.resolve("smart-key.pem")));
		this.smartEhr = new SandboxEhr(FHIR, 0, NOTES.getParent()).requireSmart(this.smart).start();
		this.portal = new SandboxPortal(JSON, 0, "test-portal-key", new SandboxClerk(JSON, NOTES)).start();
		this.mail = new SandboxMailServer(0, 0, "recordhub@recordhub.local", "test-secret",
				"records@lakeside-ortho.example", "fax.sandbox.example", new SandboxClerk(JSON, NOTES))
			.start();
	}

	/**
	 * A known_hosts file that pins a key the SFTP server does not have (for the imposter
	 * clinic).
	 */
	private void writeWrongKnownHosts() throws IOException {
		try {
			java.security.KeyPair other = org.apache.sshd.common.config.keys.KeyUtils
				.generateKeyPair("ecdsa-sha2-nistp256", 256);
			Files.writeString(this.directory.resolve("wrong_known_hosts"), "[127.0.0.1]:" + this.sftp.port() + " "
					+ org.apache.sshd.common.config.keys.PublicKeyEntry.toString(other.getPublic()) + "\n");
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Sets a property for the next {@link #start()}. */
	public TestEnvironment with(String key, Object value) {
		this.extraProperties.put(key, value);
		return this;
	}

	/**
	 * Starts RecordHub (the run command's application) against these servers and this
	 * data.
	 */
	public ConfigurableApplicationContext start() {
		this.app = application().run(arguments());
		return this.app;
	}

	/**
	 * Starts RecordHub as a process of its own, on the port given, with the same data and
	 * servers as {@link #start()}: to be killed the way a crash kills it (its output is
	 * in {@code process.log} in this environment's folder).
	 */
	public Process startProcess(int port) throws IOException {
		List<String> command = new java.util.ArrayList<>(
				// C1 only: a process started to be killed need not run fast, only start
				// fast
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
						"-cp", System.getProperty("java.class.path"), RecordHubApplication.class.getName()));
		for (String argument : arguments()) {
			command.add(argument.startsWith("--server.port=") ? "--server.port=" + port : argument);
		}
		return new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(Path.of("target", "recordhub-process-" + port + ".log").toFile())
			.start();
	}

	private String[] arguments() {
		Map<String, Object> properties = new HashMap<>(this.database);
		properties.put("server.port", 0);
		properties.put("recordhub.documents.directory", this.directory.resolve("documents").toString());
		properties.put("recordhub.documents.key-file", this.directory.resolve("document-key").toString());
		properties.put("spring.artemis.embedded.data-directory", this.directory.resolve("artemis").toString());
		properties.put("recordhub.sandbox.enabled", false);
		properties.put("recordhub.sandbox.sftp.port", this.sftp.port());
		properties.put("recordhub.sandbox.sftp.password", "test-secret");
		properties.put("recordhub.sandbox.sftp.known-hosts-file", this.directory.resolve("known_hosts").toString());
		properties.put("recordhub.sandbox.sftp.poll-delay", 300);
		properties.put("recordhub.sandbox.fhir.base-url", this.fhir.baseUrl());
		properties.put("recordhub.sandbox.fhir.token-url", this.fhir.tokenUrl());
		properties.put("recordhub.sandbox.fhir.client-key-file",
				this.directory.resolve("requester-smart-key.pem").toString());
		properties.put("recordhub.test.webhook.url", this.webhook.url());
		properties.put("recordhub.test.webhook.secret", WEBHOOK_SECRET);
		properties.put("recordhub.sandbox.ehr.base-url", this.ehr.baseUrl());
		properties.put("recordhub.test.smart-ehr.base-url", this.smartEhr.baseUrl());
		properties.put("recordhub.test.smart-ehr.token-url", this.smartEhr.tokenUrl());
		properties.put("recordhub.test.smart-ehr.key-file", this.directory.resolve("smart-key.pem").toString());
		properties.put("recordhub.sandbox.portal.base-url", this.portal.baseUrl());
		properties.put("recordhub.sandbox.portal.api-key", "test-portal-key");
		properties.put("recordhub.sandbox.portal.poll-delay", 300);
		properties.put("recordhub.sandbox.mail.smtp-port", this.mail.smtpPort());
		properties.put("recordhub.sandbox.mail.imap-port", this.mail.imapPort());
		properties.put("recordhub.sandbox.mail.password", "test-secret");
		properties.put("recordhub.sandbox.mail.poll-delay", 300);
		properties.put("recordhub.flow.redelivery-delay", "100ms");
		// tests run escalation passes themselves, after moving the clock
		properties.put("recordhub.escalation.interval", "1h");
		properties.put("recordhub.fax.job-poll-interval", "300ms");
		properties.put("recordhub.flow.maximum-redeliveries", 3);
		// test providers beside the sandbox clinic: see src/test/resources/test-directory
		// and test-routes
		properties.put("recordhub.directory.locations",
				"file:${recordhub.home}/directory/*.json,classpath:test-directory/*.json");
		properties.put("camel.main.routes-include-pattern", "file:${recordhub.home}/routes/templates/*.yaml,"
				+ "file:${recordhub.home}/routes/*.yaml,classpath:test-routes/*.yaml");
		properties.put("recordhub.test.directory", this.directory.toString());
		properties.putAll(this.extraProperties);
		// as command-line arguments: they outrank application.yaml, as an operator's
		// settings would
		String[] arguments = properties.entrySet()
			.stream()
			.map((property) -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
		this.arguments = List.of(arguments);
		return arguments;
	}

	private SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(RecordHubApplication.class)
			.initializers((context) -> context.getBeanFactory().registerSingleton("clock", this.clock));
	}

	/**
	 * Starts a second RecordHub on the same database, documents and servers, with its own
	 * embedded broker: another node of a cluster.
	 */
	public ConfigurableApplicationContext startAnotherNode(String name) {
		String[] arguments = this.arguments.stream()
			.map((argument) -> argument.startsWith("--spring.artemis.embedded.data-directory=") ? argument + "-" + name
					: argument)
			.toArray(String[]::new);
		ConfigurableApplicationContext node = application().run(arguments);
		this.otherNodes.add(node);
		return node;
	}

	/** RecordHub's clock, which tests move forward. */
	public MutableClock clock() {
		return this.clock;
	}

	/**
	 * Stops RecordHub the way an operator would; its data stays for the next
	 * {@link #start()}.
	 */
	public void stop() {
		this.otherNodes.forEach(ConfigurableApplicationContext::close);
		this.otherNodes.clear();
		if (this.app != null) {
			this.app.close();
			this.app = null;
		}
	}

	public ConfigurableApplicationContext app() {
		return this.app;
	}

	public <T> T bean(Class<T> type) {
		return this.app.getBean(type);
	}

	public SandboxSftpServer sftp() {
		return this.sftp;
	}

	public WebhookReceiver webhook() {
		return this.webhook;
	}

	public SandboxFhirServer fhir() {
		return this.fhir;
	}

	public SandboxPortal portal() {
		return this.portal;
	}

	/** The SMART authorization server of the requesters' FHIR server. */
	public SandboxSmartAuth requesterSmart() {
		return this.requesterSmart;
	}

	/** The SMART authorization server of the EHR that requires SMART Backend Services. */
	public SandboxSmartAuth smart() {
		return this.smart;
	}

	public SandboxEhr smartEhr() {
		return this.smartEhr;
	}

	public SandboxMailServer mail() {
		return this.mail;
	}

	public Path directory() {
		return this.directory;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.app.getEnvironment().getProperty("local.server.port");
	}

	public ApiClient.Response get(String user, String path) {
		return api().get(user, path);
	}

	/** A received file in a work queue by its name, as HIM staff see it; null if none. */
	public JsonNode fileNamed(String status, String name) {
		for (JsonNode file : get("him-staff", "/api/v1/files?status=" + status).json()) {
			if (file.path("fileName").asString().equals(name)) {
				return file;
			}
		}
		return null;
	}

	public ApiClient.Response post(String user, String path, String json) {
		return api().post(user, path, json);
	}

	public ApiClient.Response send(String user, HttpRequest.Builder request) {
		return api().send(user, request);
	}

	/** Submits a request as requester-a (Smith & Lee) and returns its id. */
	public String submit(Map<String, Object> body) {
		ApiClient.Response created = post("requester-a", "/api/v1/requests", RequestBodies.json(body));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().path("id").asString();
	}

	/** The request as requester-a sees it, once it has the status. */
	public JsonNode awaitStatus(String requestId, String status) {
		return awaitRequest(requestId, (r) -> r.path("status").asString().equals(status));
	}

	/** The request as requester-a sees it, once its (first) leg is in the state. */
	public JsonNode awaitLegState(String requestId, String state) {
		return awaitRequest(requestId, (r) -> r.path("legs").get(0).path("state").asString().equals(state));
	}

	private JsonNode awaitRequest(String requestId, Predicate<JsonNode> condition) {
		return await().atMost(Duration.ofSeconds(60))
			.until(() -> get("requester-a", "/api/v1/requests/" + requestId).json(), condition::test);
	}

	public ApiClient api() {
		return new ApiClient(baseUrl());
	}

	@Override
	public void close() throws Exception {
		stop();
		this.sftp.close();
		this.fhir.close();
		this.webhook.close();
		this.mail.close();
		this.ehr.close();
		this.smartEhr.close();
		this.portal.close();
		FileSystemUtils.deleteRecursively(this.directory);
	}

}
