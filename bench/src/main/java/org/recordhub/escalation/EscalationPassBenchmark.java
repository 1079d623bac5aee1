package org.recordhub.escalation;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

import org.recordhub.RecordHubApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

/**
 * {@code scripts/bench escalation [legs] [due percent]}: one escalation pass over a
 * PostgreSQL database holding {@code legs} waiting legs (1,000,000 by default), of which
 * {@code due percent} (1 by default) are due for a check and ten days past submission, so
 * each gets a follow-up (rules, action key, counts, timeline event, a JMS message for the
 * fax route). RecordHub runs as it does in production (Spring context, Flyway, Quartz,
 * Camel, embedded Artemis), in a 512 MB heap. Prints the seeding time, the pass's time,
 * legs checked and actions taken, and the heap's peak during the pass against before it.
 * Needs {@code RECORDHUB_TEST_POSTGRES_URL} (scripts/bench starts a PostgreSQL for it).
 */
public final class EscalationPassBenchmark {

	private EscalationPassBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int legs = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		double duePercent = (args.length > 1) ? Double.parseDouble(args[1]) : 1.0;
		// fax: each follow-up is a JMS message to the fax route; portal: none (the portal route polls)
		String channel = (args.length > 2) ? args[2] : "fax";
		String server = System.getenv("RECORDHUB_TEST_POSTGRES_URL");
		if (server == null) {
			throw new IllegalStateException("RECORDHUB_TEST_POSTGRES_URL is not set (run it with scripts/bench escalation)");
		}
		String name = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = DriverManager.getConnection(server.replaceFirst("/\\?", "/postgres?"));
				Statement statement = connection.createStatement()) {
			statement.execute("create database " + name);
		}
		Path data = Files.createTempDirectory("recordhub-escalation-bench");
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(RecordHubApplication.class).run(
				"--server.port=0", "--spring.datasource.url=" + server.replaceFirst("/\\?", "/" + name + "?"),
				"--recordhub.sandbox.enabled=false",
				"--recordhub.directory.locations=classpath:bench-directory/*.json",
				"--camel.main.routes-include-pattern=classpath:bench-routes.yaml",
				"--recordhub.documents.directory=" + data.resolve("documents"),
				"--recordhub.documents.key-file=" + data.resolve("document-key"),
				"--spring.artemis.embedded.data-directory=" + data.resolve("artemis"),
				"--recordhub.escalation.interval=24h", "--logging.level.root=WARN")) {
			JdbcClient jdbc = app.getBean(JdbcClient.class);
			long seeding = System.nanoTime();
			seed(jdbc, legs, duePercent, channel);
			seeding = System.nanoTime() - seeding;
			EscalationPass pass = app.getBean(EscalationPass.class);
			System.gc();
			long before = heapUsed();
			resetPeaks();
			long started = System.nanoTime();
			EscalationPass.Result result = pass.run();
			long took = System.nanoTime() - started;
			long peak = heapPeak();
			long due = jdbc.sql("select count(*) from provider_leg where next_action_at <= now()")
				.query(Long.class)
				.single();
			System.out.printf("%n| waiting legs | due | seeding | pass | legs checked | actions taken | "
					+ "heap before pass | heap peak in pass | due after pass |%n|---|---|---|---|---|---|---|---|---|%n");
			System.out.printf("| %,d | %,d | %.1f s | %.2f s | %,d | %,d | %d MB | %d MB | %d |%n", legs,
					Math.round(legs * duePercent / 100), seeding / 1e9, took / 1e9, result.checked(), result.taken(),
					before >> 20, peak >> 20, due);
		}
		finally {
			FileSystemUtils.deleteRecursively(data);
		}
	}

	/**
	 * {@code legs} legs waiting at one fax provider, one request for every ten, in
	 * PostgreSQL's own loop: the due ones submitted ten days ago and never followed up.
	 */
	private static void seed(JdbcClient jdbc, int legs, double duePercent, String channel) {
		int every = (int) Math.round(100 / duePercent);
		jdbc.sql("""
				insert into retrieval_request (id, organization_id, created_by, created_at, status, purpose, priority, details)
				select 'bench-request-' || g, 'bench-firm', 'bench', now() - interval '10 days', 'IN_PROGRESS', 'LITIGATION',
				       'ROUTINE', '{}'
				from generate_series(1, ?) g""").param((legs + 9) / 10).update();
		jdbc.sql("""
				insert into provider_leg (id, request_id, provider_id, state, channel, updated_at, submitted_at, state_since,
				                          next_action_at, fallbacks)
				select 'bench-leg-' || g, 'bench-request-' || ((g - 1) / 10 + 1), 'bench-clinic', 'SUBMITTED', ?,
				       now() - interval '10 days', now() - interval '10 days', now() - interval '10 days',
				       case when g % ? = 0 then now() - interval '1 hour' else now() + interval '1 day' end, ''
				from generate_series(1, ?) g""").params(channel, every, legs).update();
		jdbc.sql("analyze").update();
	}

	private static long heapUsed() {
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static void resetPeaks() {
		ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
	}

	private static long heapPeak() {
		return ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getType() == MemoryType.HEAP)
			.mapToLong((pool) -> pool.getPeakUsage().getUsed())
			.sum();
	}

}
