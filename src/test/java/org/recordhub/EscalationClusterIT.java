package org.recordhub;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.recordhub.escalation.EscalationPass;
import org.recordhub.escalation.EscalationRules;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two RecordHub nodes on one PostgreSQL database: their Quartz schedulers form one
 * cluster, and however their passes overlap (Quartz firing on either node every half
 * second, and both nodes running passes at the same moment on top), each follow-up goes
 * out once.
 */
class EscalationClusterIT {

	@Test
	void shouldSendEachFollowUpOnceWhenTwoNodesShareTheDatabase() throws Exception {
		try (TestEnvironment env = new TestEnvironment(TestDatabase.POSTGRESQL)) {
			env.with("recordhub.escalation.interval", "500ms");
			env.start();
			ConfigurableApplicationContext second = env.startAnotherNode("b");
			Scheduler a = env.bean(Scheduler.class);
			Scheduler b = second.getBean(Scheduler.class);
			assertThat(a.getMetaData().isJobStoreClustered()).isTrue();
			assertThat(b.getMetaData().isJobStoreClustered()).isTrue();
			assertThat(a.getMetaData().getSchedulerInstanceId()).isNotEqualTo(b.getMetaData().getSchedulerInstanceId());
			JdbcClient jdbc = env.bean(JdbcClient.class);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> jdbc.sql("select count(*) from qrtz_scheduler_state").query(Long.class).single() == 2);

			env.sftp().setAnswering(false);
			List<String> requests = new ArrayList<>();
			for (int i = 0; i < 12; i++) {
				requests.add(env.submit(RequestBodies.request("Patient", "Number" + (char) ('A' + i),
						"1970-01-0" + (1 + i % 9), "slow-clinic")));
			}
			for (String requestId : requests) {
				env.awaitLegState(requestId, "SUBMITTED");
			}

			// two business days later, on both nodes at once, three times over, while
			// Quartz fires passes too
			EscalationRules rules = env.bean(EscalationRules.class);
			LocalDate day = Instant.now().atZone(rules.zone()).toLocalDate();
			day = rules.calendar().nextBusinessDay(rules.calendar().nextBusinessDay(day, null), null);
			env.clock().set(day.atTime(LocalTime.NOON).atZone(rules.zone()).toInstant());
			ExecutorService nodes = Executors.newFixedThreadPool(2);
			try {
				List<Callable<EscalationPass.Result>> passes = new ArrayList<>();
				for (int i = 0; i < 3; i++) {
					passes.add(() -> env.bean(EscalationPass.class).run());
					passes.add(() -> second.getBean(EscalationPass.class).run());
				}
				for (Future<EscalationPass.Result> pass : nodes.invokeAll(passes)) {
					pass.get();
				}
			}
			finally {
				nodes.shutdown();
			}

			// every leg got its first follow-up, and for the next seconds of passes on
			// both
			// nodes, no leg gets a second one
			await().atMost(Duration.ofSeconds(60))
				.until(() -> requests.stream().allMatch((id) -> followUpsSent(env, id) == 1));
			await().during(Duration.ofSeconds(3))
				.atMost(Duration.ofSeconds(10))
				.until(() -> requests.stream().allMatch((id) -> followUpsSent(env, id) == 1));
			assertThat(jdbc.sql("select count(*) from escalation_action where type = 'FOLLOW_UP'")
				.query(Long.class)
				.single()).isEqualTo(12);
		}
	}

	private static long followUpsSent(TestEnvironment env, String requestId) {
		return EndToEndTests.types(env.get("requester-a", "/api/v1/requests/" + requestId).json())
			.stream()
			.filter("FOLLOW_UP_SENT"::equals)
			.count();
	}

}
