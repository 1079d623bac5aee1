package org.recordhub;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.hl7.fhir.r4.model.DocumentReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.recordhub.sandbox.SandboxFhirServer;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the run command shows a newcomer: RecordHub with its own sandbox providers (as
 * configured in application.yaml, directory/ and routes/) delivers the five demo
 * requests, one per channel, to the sandbox requesters' FHIR and SFTP servers.
 */
@ExtendWith(OutputCaptureExtension.class)
class SandboxIT {

	@Test
	void shouldDeliverEveryDemoRequestToTheSandboxRequesters(CapturedOutput output) throws IOException {
		Path data = Files.createTempDirectory("recordhub-sandbox");
		int sftpPort = freePort();
		int fhirPort = freePort();
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(RecordHubApplication.class).run(
				"--server.port=0",
				"--spring.datasource.url=jdbc:h2:file:" + data.resolve("db/recordhub")
						+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
				"--spring.artemis.embedded.data-directory=" + data.resolve("artemis"),
				"--recordhub.documents.directory=" + data.resolve("documents"),
				"--recordhub.documents.key-file=" + data.resolve("document-key"),
				"--recordhub.sandbox.directory=" + data.resolve("sandbox"),
				"--recordhub.sandbox.sftp.known-hosts-file=" + data.resolve("sandbox/known_hosts"),
				"--recordhub.sandbox.sftp.port=" + sftpPort, "--recordhub.sandbox.fhir.port=" + fhirPort,
				"--recordhub.sandbox.ehr.port=" + freePort(), "--recordhub.sandbox.mail.smtp-port=" + freePort(),
				"--recordhub.sandbox.mail.imap-port=" + freePort(), "--recordhub.sandbox.portal.port=" + freePort())) {
			ApiClient api = new ApiClient("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"));
			ApiClient.Response page = await().atMost(Duration.ofSeconds(60))
				.until(() -> api.get("him-staff", "/api/v1/requests?status=DELIVERED"),
						(response) -> response.json().path("totalItems").asInt() == 5);
			assertThat(page.json().path("items").findValuesAsString("organizationId"))
				.containsExactlyInAnyOrder("smith-lee", "acme-insurance", "smith-lee", "acme-insurance", "smith-lee");
			assertThat(page.json().path("items").findValuesAsString("channel")).containsExactlyInAnyOrder("sftp",
					"email", "fhir", "portal", "fax");

			// Smith & Lee's records reach their FHIR server (as a SMART backend client),
			// Acme's are dropped on its SFTP server: one DocumentReference, and one PDF,
			// per document found in what the five providers sent
			int toSmithLee = 0;
			int toAcme = 0;
			for (JsonNode item : page.json().path("items")) {
				JsonNode request = api.get("him-staff", "/api/v1/requests/" + item.path("id").asString()).json();
				int documents = request.path("legs").get(0).path("documents").size();
				if (item.path("organizationId").asString().equals("smith-lee")) {
					toSmithLee += documents;
				}
				else {
					toAcme += documents;
				}
			}
			assertThat(toSmithLee + toAcme).isGreaterThanOrEqualTo(6);
			assertThat(app.getBean(SandboxFhirServer.class).stored(DocumentReference.class)).hasSize(toSmithLee);
			try (Stream<Path> files = Files.walk(data.resolve("sandbox/sftp/deliveries/acme-insurance"))) {
				assertThat(files.filter((file) -> file.toString().endsWith(".pdf"))).hasSize(toAcme);
			}
			assertThat(Files.readString(data.resolve("sandbox/known_hosts"))).startsWith("[127.0.0.1]:" + sftpPort);
			// the shipped routes are in the canonical YAML DSL, so operators see no
			// warnings about them
			assertThat(output.getOut()).doesNotContain("compact notation");
			// and no patient data reaches the log
			assertThat(output.getOut()).doesNotContain("Jane", "1980-04-12", "Robert", "1975-09-30", "Rivera", "Okafor",
					"1996-08-21");
		}
		finally {
			FileSystemUtils.deleteRecursively(data);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
