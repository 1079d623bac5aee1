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

	private static Map<String, Long> count(JsonNode request) {
		List<String> steps = new java.util.ArrayList<>();
		request.path("timeline")
			.forEach((e) -> steps
				.add(e.path("type").asString() + ":" + (e.has("toState") ? e.path("toState").asString() : "null")));
		return steps.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
	}

}
