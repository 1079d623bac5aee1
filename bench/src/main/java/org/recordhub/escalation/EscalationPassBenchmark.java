package org.recordhub.escalation;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import org.recordhub.BenchRecordHub;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

/**
 * {@code scripts/bench escalation [legs] [due percent]}: one escalation pass over a
 * PostgreSQL database holding {@code legs} waiting legs (1,000,000 by default), of which
 * {@code due percent} (1 by default) are due for a check and ten days past submission, so
 * each gets a follow-up (rules, action key, counts, timeline event, a JMS message for the
 * fax route). RecordHub runs as it does in production (Spring context, Flyway, Quartz,
 * Camel, embedded Artemis), in a 512 MB heap, after a warm-up pass over 2,000 other legs.
 * Prints the seeding time, the pass's time, legs checked and actions taken, and the heap
 * before, at its highest during (sampled) and after the pass.
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
		Path data = Files.createTempDirectory("recordhub-escalation-bench");
		try (ConfigurableApplicationContext app = BenchRecordHub.start(data, "escalation")) {
			JdbcClient jdbc = app.getBean(JdbcClient.class);
			long seeding = System.nanoTime();
			seed(jdbc, legs, channel);
			seeding = System.nanoTime() - seeding;
			EscalationPass pass = app.getBean(EscalationPass.class);
			int every = (int) Math.round(100 / duePercent);
			// a warm-up pass over other legs: production passes run every minute, warm
			due(jdbc, legs, every, 1, Math.min(2_000, legs / every));
			pass.run();
			due(jdbc, legs, every, 0, legs / every);
			System.gc();
			long before = heapUsed();
			HeapSampler sampler = new HeapSampler();
			sampler.start();
			long started = System.nanoTime();
			EscalationPass.Result result = pass.run();
			long took = System.nanoTime() - started;
			sampler.interrupt();
			sampler.join();
			System.gc();
			long after = heapUsed();
			long due = jdbc.sql("select count(*) from provider_leg where next_action_at <= now()")
				.query(Long.class)
				.single();
			System.out.printf("%n| waiting legs | due | seeding | pass | legs checked | actions taken | heap before | "
					+ "heap peak in pass | heap after | due after pass |%n|---|---|---|---|---|---|---|---|---|---|%n");
			System.out.printf("| %,d | %,d | %.1f s | %.2f s | %,d | %,d | %d MB | %d MB | %d MB | %d |%n", legs,
					legs / every, seeding / 1e9, took / 1e9, result.checked(), result.taken(), before >> 20,
					sampler.peak >> 20, after >> 20, due);
		}
		finally {
			FileSystemUtils.deleteRecursively(data);
		}
	}

	/**
	 * {@code legs} legs waiting at one provider, one request for every ten, in PostgreSQL's
	 * own loop, submitted ten days ago, never followed up, none due yet.
	 */
	private static void seed(JdbcClient jdbc, int legs, String channel) {
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
				       now() + interval '1 day', ''
				from generate_series(1, ?) g""").params(channel, legs).update();
		jdbc.sql("analyze").update();
	}

	/** Makes {@code count} legs due: every {@code every}-th, offset by {@code offset}. */
	private static void due(JdbcClient jdbc, int legs, int every, int offset, int count) {
		jdbc.sql("""
				update provider_leg set next_action_at = now() - interval '1 hour'
				where id in (select 'bench-leg-' || g from generate_series(?, ?, ?) g limit ?)""")
			.params(Math.max(offset, 1) + ((offset == 0) ? every - 1 : 0), legs, every, count)
			.update();
	}

	/** The heap's high-water mark, sampled every 20 ms while the pass runs. */
	private static final class HeapSampler extends Thread {

		private volatile long peak;

		HeapSampler() {
			setDaemon(true);
		}

		@Override
		public void run() {
			while (!isInterrupted()) {
				this.peak = Math.max(this.peak, heapUsed());
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}

	}

	private static long heapUsed() {
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
