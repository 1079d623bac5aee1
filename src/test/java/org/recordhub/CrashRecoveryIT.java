package org.recordhub;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.DocumentReference;
import org.junit.jupiter.api.Test;
import org.recordhub.document.TextPdf;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** RecordHub stopped mid-flow and started again finishes the work exactly once. */
class CrashRecoveryIT {

	@Test
	void shouldCompleteExactlyOnceAfterRestartWhileWaitingForRecords() throws Exception {
		try (TestEnvironment env = new TestEnvironment(TestDatabase.H2)) {
			env.sftp().setAnswering(false);
			env.start();
			String requestId = env.submit(RequestBodies.request("Mary", "Shelley", "1797-08-30", "sandbox-clinic"));
			JsonNode submitted = env.awaitLegState(requestId, "SUBMITTED");
			String legId = submitted.path("legs").get(0).path("id").asString();

			env.stop();
			// the provider answers while RecordHub is down
			env.sftp().send(legId + "-records.pdf", TextPdf.render("Records", "Patient: Mary Shelley"));
			env.start();

			JsonNode delivered = env.awaitStatus(requestId, "DELIVERED");
			assertThat(env.fhir().transactions()).isEqualTo(1);
			assertThat(env.fhir().stored(DocumentReference.class)).hasSize(1);
			Map<String, Long> steps = count(delivered);
			assertThat(steps).allSatisfy((step, times) -> assertThat(times).as(step).isEqualTo(1));
			assertThat(steps).containsKeys("STATE_CHANGED:SUBMITTED", "FILE_RECEIVED:null", "STATE_CHANGED:DELIVERED");
		}
	}

	@Test
	void shouldKeepWhatItAnsweredWhenKilledRightAfterTheAnswer() throws Exception {
		try (TestEnvironment env = new TestEnvironment(TestDatabase.H2)) {
			env.sftp().setAnswering(false);
			int port;
			try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
				port = free.getLocalPort();
			}
			Process recordHub = env.startProcess(port);
			String requestId;
			try {
				ApiClient api = new ApiClient("http://127.0.0.1:" + port);
				await().atMost(java.time.Duration.ofMinutes(3))
					.failFast("RecordHub stopped; see target/recordhub-process-" + port + ".log",
							() -> !recordHub.isAlive())
					.ignoreExceptions()
					.until(() -> api.get("admin", "/actuator/health/readiness").status() == 200);
				ApiClient.Response created = null;
				for (String given : List.of("Ada", "Anne", "Annabella")) {
					created = api.post("requester-a", "/api/v1/requests", RequestBodies
						.json(RequestBodies.request(given, "Lovelace", "1815-12-10", "sandbox-clinic")));
					assertThat(created.status()).isEqualTo(201);
				}
				requestId = created.json().path("id").asString();
				// kill -9 the moment the answer is in
				recordHub.destroyForcibly();
				assertThat(recordHub.waitFor(1, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
			}
			finally {
				recordHub.destroyForcibly();
			}

			env.start();
			// H2 writes each commit at once, not half a second later
			assertThat(env.bean(org.springframework.jdbc.core.simple.JdbcClient.class)
				.sql("select setting_value from information_schema.settings where setting_name = 'WRITE_DELAY'")
				.query(String.class)
				.single()).isEqualTo("0");
			ApiClient.Response kept = env.get("requester-a", "/api/v1/requests/" + requestId);
			assertThat(kept.status()).as("the request answered 201 before the crash").isEqualTo(200);
			assertThat(kept.json().path("patient").path("name").path("family").asString()).isEqualTo("Lovelace");
			env.awaitLegState(requestId, "SUBMITTED");
		}
	}

	private static Map<String, Long> count(JsonNode request) {
		List<String> steps = new java.util.ArrayList<>();
		request.path("timeline")
			.forEach((e) -> steps
				.add(e.path("type").asString() + ":" + (e.has("toState") ? e.path("toState").asString() : "null")));
		return steps.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
	}

}
