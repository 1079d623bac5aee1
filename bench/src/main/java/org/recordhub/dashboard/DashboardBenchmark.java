package org.recordhub.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.recordhub.BenchRecordHub;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

/**
 * {@code scripts/bench dashboard [legs]}: the dashboard's pages over a PostgreSQL
 * database holding {@code legs} provider legs (100,000 by default; one request per two
 * legs, submitted over the last 90 days, a third delivered with their timeline events, the
 * rest waiting). RecordHub runs as in production in a 512 MB heap; each page is fetched
 * over HTTP as HIM staff (and the requests page as a requester), 3 times to warm up, then
 * 10 times; prints the median and the slowest time of each.
 * Needs {@code RECORDHUB_TEST_POSTGRES_URL} (scripts/bench starts a PostgreSQL for it).
 */
public final class DashboardBenchmark {

	private static final int WARM_UP = 3;

	private static final int RUNS = 10;

	private DashboardBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int legs = (args.length > 0) ? Integer.parseInt(args[0]) : 100_000;
		Path data = Files.createTempDirectory("recordhub-dashboard-bench");
		try (ConfigurableApplicationContext app = BenchRecordHub.start(data, "dashboard")) {
			long seeding = System.nanoTime();
			seed(app.getBean(JdbcClient.class), legs);
			seeding = System.nanoTime() - seeding;
			String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
			Map<String, String[]> pages = new LinkedHashMap<>();
			pages.put("requests, first page", new String[] { "him-staff", "/dashboard/requests" });
			pages.put("requests, one provider, escalated", new String[] { "him-staff",
					"/dashboard/requests?provider=bench-clinic&flag=escalated" });
			pages.put("requests, patient search", new String[] { "him-staff", "/dashboard/requests?patient=patient77" });
			pages.put("requests, as a requester", new String[] { "requester-a", "/dashboard/requests" });
			pages.put("request detail", new String[] { "him-staff", "/dashboard/requests/bench-request-7" });
			pages.put("live version poll", new String[] { "him-staff", "/dashboard/requests/bench-request-7/version" });
			pages.put("work queues", new String[] { "him-staff", "/dashboard/queues" });
			pages.put("analytics (6 charts)", new String[] { "him-staff", "/dashboard/analytics" });
			pages.put("provider with its charts", new String[] { "him-staff", "/dashboard/providers/bench-clinic" });
			pages.put("rules (every scenario run)", new String[] { "compliance", "/dashboard/rules" });
			HttpClient http = HttpClient.newHttpClient();
			System.out.printf("%nseeded %,d legs in %.1f s%n%n| page | median | slowest | size |%n|---|---|---|---|%n",
					legs, seeding / 1e9);
			for (Map.Entry<String, String[]> page : pages.entrySet()) {
				List<Long> times = new ArrayList<>();
				int size = 0;
				for (int i = 0; i < WARM_UP + RUNS; i++) {
					long started = System.nanoTime();
					HttpResponse<String> response = http.send(get(base, page.getValue()[0], page.getValue()[1]),
							HttpResponse.BodyHandlers.ofString());
					long took = System.nanoTime() - started;
					if (response.statusCode() != 200) {
						throw new IllegalStateException(page.getKey() + ": HTTP " + response.statusCode());
					}
					size = response.body().length();
					if (i >= WARM_UP) {
						times.add(took);
					}
				}
				times.sort(null);
				System.out.printf("| %s | %.0f ms | %.0f ms | %,d kB |%n", page.getKey(), times.get(RUNS / 2) / 1e6,
						times.get(RUNS - 1) / 1e6, size / 1024);
			}
		}
		finally {
			FileSystemUtils.deleteRecursively(data);
		}
	}

	private static HttpRequest get(String base, String user, String path) {
		String basic = Base64.getEncoder().encodeToString((user + ":" + user + "-pass").getBytes(StandardCharsets.UTF_8));
		return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Basic " + basic).build();
	}

	/**
	 * Requests for Smith & Lee (every other one) and the benchmark firm, each with two
	 * legs at the benchmark clinic, submitted over 90 days; every third leg delivered
	 * (records in 1 to 40 days, with its STATE_CHANGED events), every tenth escalated.
	 */
	private static void seed(JdbcClient jdbc, int legs) {
		jdbc.sql("""
				insert into retrieval_request (id, organization_id, created_by, created_at, status, purpose, priority, details)
				select 'bench-request-' || g, case when g % 2 = 0 then 'smith-lee' else 'bench-firm' end, 'bench',
				       now() - (g % 90) * interval '1 day', 'IN_PROGRESS', 'LITIGATION', 'ROUTINE',
				       '{"patient":{"name":{"given":["Bench"],"family":"Patient' || g || '"},"birthDate":"1970-01-01",'
				       || '"identifiers":[]},"dateRange":{"from":"2023-01-01","to":"2024-06-30"},"recordTypes":["ALL"],'
				       || '"informationCategories":["GENERAL"]}'
				from generate_series(1, ?) g""").param((legs + 1) / 2).update();
		jdbc.sql("""
				insert into provider_leg (id, request_id, provider_id, state, channel, updated_at, submitted_at, state_since,
				                          next_action_at, fallbacks, follow_ups, escalation_level)
				select 'bench-leg-' || g, 'bench-request-' || ((g - 1) / 2 + 1), 'bench-clinic',
				       case when g % 3 = 0 then 'DELIVERED' else 'SUBMITTED' end,
				       case when g % 4 = 0 then 'fax' when g % 4 = 1 then 'sftp' when g % 4 = 2 then 'email' else 'portal' end,
				       now() - (((g - 1) / 2 + 1) % 90) * interval '1 day', now() - (((g - 1) / 2 + 1) % 90) * interval '1 day',
				       now() - (((g - 1) / 2 + 1) % 90) * interval '1 day',
				       case when g % 3 = 0 then null else now() + interval '1 day' end, '', g % 5,
				       case when g % 10 = 0 then 1 else 0 end
				from generate_series(1, ?) g""").param(legs).update();
		for (String state : List.of("RECORDS_RECEIVED", "DELIVERED")) {
			jdbc.sql("""
					insert into event (request_id, leg_id, provider_id, occurred_at, type, from_state, to_state, channel, detail)
					select request_id, id, provider_id, submitted_at + (1 + (length(id) * 7) % 40) * interval '1 day',
					       'STATE_CHANGED', 'SUBMITTED', ?, channel, 'benchmark'
					from provider_leg where state = 'DELIVERED'""").param(state).update();
		}
		jdbc.sql("analyze").update();
	}

}
