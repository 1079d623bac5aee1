package org.recordhub;

import java.time.Duration;
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
			String requestId = env
				.post("requester-a", "/api/v1/requests",
						RequestBodies.json(RequestBodies.request("Mary", "Shelley", "1797-08-30", "sandbox-clinic")))
				.json()
				.path("id")
				.asString();
			JsonNode submitted = await().atMost(Duration.ofSeconds(60))
				.until(() -> env.get("requester-a", "/api/v1/requests/" + requestId).json(),
						(r) -> r.path("legs").get(0).path("state").asString().equals("SUBMITTED"));
			String legId = submitted.path("legs").get(0).path("id").asString();

			env.stop();
			// the provider answers while RecordHub is down
			env.sftp().send(legId + "-records.pdf", TextPdf.render("Records", "Patient: Mary Shelley"));
			env.start();

			JsonNode delivered = await().atMost(Duration.ofSeconds(60))
				.until(() -> env.get("requester-a", "/api/v1/requests/" + requestId).json(),
						(r) -> r.path("status").asString().equals("DELIVERED"));
			assertThat(env.fhir().transactions()).isEqualTo(1);
			assertThat(env.fhir().stored(DocumentReference.class)).hasSize(1);
			Map<String, Long> steps = count(delivered);
			assertThat(steps).allSatisfy((step, times) -> assertThat(times).as(step).isEqualTo(1));
			assertThat(steps).containsKeys("STATE_CHANGED:SUBMITTED", "FILE_RECEIVED:null", "STATE_CHANGED:DELIVERED");
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
