package org.recordhub.dashboard;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.YearMonth;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.recordhub.channel.ChannelStatistics;
import org.recordhub.provider.ProviderDirectory;
import org.recordhub.request.LegState;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The analytics charts, from the legs and their timelines: turnaround by channel and by
 * provider, backlog ageing, follow-ups per completed leg, the on-time rate against the
 * HIPAA access clock and volume over time. A requester's charts count its own
 * organisation's requests only.
 */
@Component
class Analytics {

	static final List<String> CHARTS = List.of("turnaround", "turnaround-by-provider", "backlog", "follow-ups",
			"on-time", "volume");

	private static final double[] TURNAROUND_DAYS = { 1, 3, 7, 14, 30 };

	private static final List<String> TURNAROUND_BUCKETS = List.of("< 1 d", "1-3 d", "3-7 d", "7-14 d", "14-30 d",
			"30+ d");

	private static final int WEEKS = 12;

	private final JdbcClient jdbc;

	private final ProviderDirectory directory;

	private final ChannelStatistics statistics;

	private final Clock clock;

	/** Reads legs a thousand rows at a time, in a read-only transaction. */
	private final NamedParameterJdbcTemplate streaming;

	private final TransactionTemplate readOnly;

	Analytics(JdbcClient jdbc, JdbcTemplate template, PlatformTransactionManager transactions,
			ProviderDirectory directory, ChannelStatistics statistics, Clock clock) {
		this.jdbc = jdbc;
		JdbcTemplate fetching = new JdbcTemplate(template.getDataSource());
		// without a fetch size (and a transaction) PostgreSQL's driver holds every row
		fetching.setFetchSize(1000);
		this.streaming = new NamedParameterJdbcTemplate(fetching);
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
		this.directory = directory;
		this.statistics = statistics;
		this.clock = clock;
	}

	/**
	 * Every chart, over the legs sent in the last {@code days} days (all when 0); the
	 * volume chart always shows the last 12 weeks.
	 */
	List<Chart> all(String organizationId, int days) {
		List<LegFacts> legs = legs(organizationId, days);
		return CHARTS.stream().map((id) -> chart(id, legs, organizationId)).toList();
	}

	Chart one(String id, String organizationId, int days) {
		if (!CHARTS.contains(id)) {
			throw new org.recordhub.request.RequestNotFoundException(id);
		}
		return chart(id, legs(organizationId, days), organizationId);
	}

	/** A provider's own channels: turnaround and failure rate. */
	List<Chart> provider(String providerId) {
		Map<String, ChannelStatistics.Stats> stats = this.statistics.forProvider(providerId);
		List<String> channels = List.copyOf(stats.keySet());
		Function<Double, Number> days = (d) -> (d < 0) ? 0 : Math.round(d * 10) / 10.0;
		return List.of(
				new Chart("provider-turnaround", "Turnaround by channel",
						"Days from sending the request to the records' arrival", "bar", "days", channels, List
							.of(new Chart.Series("median",
									channels
										.stream()
										.map((c) -> days.apply(stats.get(c).medianTurnaroundDays()))
										.toList()),
									new Chart.Series("90th percentile",
											channels.stream()
												.map((c) -> days.apply(stats.get(c).p90TurnaroundDays()))
												.toList()))),
				new Chart("provider-failures", "Failures by channel", "Share of legs sent on the channel that failed",
						"bar", "%", channels, List.of(
								new Chart.Series("failure rate (%)",
										channels.stream()
											.map((c) -> (Number) (Math.round(stats.get(c).failureRate() * 1000) / 10.0))
											.toList()),
								new Chart.Series("legs",
										channels.stream().map((c) -> (Number) stats.get(c).legs()).toList()))));
	}

	private Chart chart(String id, List<LegFacts> legs, String organizationId) {
		return switch (id) {
			case "turnaround" -> turnaround(legs);
			case "turnaround-by-provider" -> turnaroundByProvider(legs);
			case "backlog" -> backlog(legs);
			case "follow-ups" -> followUps(legs);
			case "on-time" -> onTime(legs);
			default -> volume(legs, organizationId);
		};
	}

	private Chart turnaround(List<LegFacts> legs) {
		Map<String, int[]> byChannel = new TreeMap<>();
		for (LegFacts leg : legs) {
			if (leg.turnaroundDays() != null) {
				byChannel.computeIfAbsent(leg.channel(),
						(c) -> new int[TURNAROUND_BUCKETS.size()])[bucket(leg.turnaroundDays())]++;
			}
		}
		List<Chart.Series> series = new ArrayList<>();
		byChannel.forEach((channel, counts) -> series
			.add(new Chart.Series(channel, java.util.Arrays.stream(counts).boxed().map((n) -> (Number) n).toList())));
		return new Chart("turnaround", "Turnaround distribution by channel",
				"Legs by days from sending the request to the records' arrival", "bar", "legs", TURNAROUND_BUCKETS,
				series);
	}

	private Chart turnaroundByProvider(List<LegFacts> legs) {
		Map<String, Map<String, List<Double>>> days = new TreeMap<>();
		TreeSet<String> channels = new TreeSet<>();
		// one directory look-up per provider, not per leg
		Map<String, String> names = new java.util.HashMap<>();
		for (LegFacts leg : legs) {
			if (leg.turnaroundDays() != null) {
				channels.add(leg.channel());
				days.computeIfAbsent(names.computeIfAbsent(leg.providerId(), this.directory::name),
						(p) -> new TreeMap<>())
					.computeIfAbsent(leg.channel(), (c) -> new ArrayList<>())
					.add(leg.turnaroundDays());
			}
		}
		List<String> providers = List.copyOf(days.keySet());
		List<Chart.Series> series = channels.stream()
			.map((channel) -> new Chart.Series(channel, providers.stream().map((provider) -> {
				List<Double> values = days.get(provider).getOrDefault(channel, List.of());
				return (Number) (values.isEmpty() ? 0
						: Math.round(ChannelStatistics.percentile(values.stream().sorted().toList(), 0.5) * 10) / 10.0);
			}).toList()))
			.toList();
		return new Chart("turnaround-by-provider", "Median turnaround by provider and channel",
				"Median days from sending the request to the records' arrival", "bar", "days", providers, series);
	}

	private Chart backlog(List<LegFacts> legs) {
		List<String> buckets = List.of("0-7 d", "8-14 d", "15-30 d", "31-60 d", "60+ d");
		int[] counts = new int[buckets.size()];
		Instant now = this.clock.instant();
		for (LegFacts leg : legs) {
			if (leg.state().isWaiting() && leg.submittedAt() != null) {
				long age = Duration.between(leg.submittedAt(), now).toDays();
				counts[(age <= 7) ? 0 : (age <= 14) ? 1 : (age <= 30) ? 2 : (age <= 60) ? 3 : 4]++;
			}
		}
		return new Chart("backlog", "Backlog ageing", "Legs still waiting on a provider, by days since sending", "bar",
				"legs", buckets, List.of(new Chart.Series("waiting legs",
						java.util.Arrays.stream(counts).boxed().map((n) -> (Number) n).toList())));
	}

	private Chart followUps(List<LegFacts> legs) {
		List<String> buckets = List.of("0", "1", "2", "3", "4", "5+");
		int[] counts = new int[buckets.size()];
		for (LegFacts leg : legs) {
			if (leg.state() == LegState.DELIVERED) {
				counts[Math.min(leg.followUps(), 5)]++;
			}
		}
		return new Chart("follow-ups", "Follow-ups per completed leg", "Delivered legs by follow-ups sent before",
				"bar", "legs", buckets, List.of(new Chart.Series("delivered legs",
						java.util.Arrays.stream(counts).boxed().map((n) -> (Number) n).toList())));
	}

	/**
	 * Records within 30 days of sending (60 with the one extension), as HIPAA asks of a
	 * patient's access request (45 CFR 164.524(b)(2)), by month of arrival.
	 */
	private Chart onTime(List<LegFacts> legs) {
		Map<YearMonth, int[]> months = new TreeMap<>();
		for (LegFacts leg : legs) {
			if (leg.turnaroundDays() != null) {
				int[] count = months.computeIfAbsent(YearMonth.from(leg.receivedAt().atZone(ZoneOffset.UTC)),
						(m) -> new int[2]);
				count[0]++;
				if (leg.turnaroundDays() <= (leg.extended() ? 60 : 30)) {
					count[1]++;
				}
			}
		}
		List<String> categories = months.keySet().stream().map(YearMonth::toString).toList();
		return new Chart("on-time", "On time against the HIPAA access clock",
				"Share of legs whose records came within 30 days (60 with the extension), by month of arrival", "line",
				"%", categories, List.of(
						new Chart.Series("on time (%)",
								months.values()
									.stream()
									.map((c) -> (Number) (Math.round(c[1] * 1000.0 / c[0]) / 10.0))
									.toList()),
						new Chart.Series("legs with records",
								months.values().stream().map((c) -> (Number) c[0]).toList())));
	}

	private Chart volume(List<LegFacts> legs, String organizationId) {
		LocalDate thisWeek = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC)
			.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
		LocalDate first = thisWeek.minusWeeks(WEEKS - 1);
		Map<LocalDate, int[]> weeks = new LinkedHashMap<>();
		for (int i = 0; i < WEEKS; i++) {
			weeks.put(first.plusWeeks(i), new int[2]);
		}
		this.jdbc.sql("""
				select created_at from retrieval_request
				where (cast(:org as varchar) is null or organization_id = :org) and created_at >= :from""")
			.param("org", organizationId)
			.param("from", Timestamp.from(first.atStartOfDay(ZoneOffset.UTC).toInstant()))
			.query((rs) -> {
				int[] week = weeks.get(weekOf(rs.getTimestamp(1).toInstant()));
				if (week != null) {
					week[0]++;
				}
			});
		for (LegFacts leg : legs) {
			if (leg.deliveredAt() != null) {
				int[] week = weeks.get(weekOf(leg.deliveredAt()));
				if (week != null) {
					week[1]++;
				}
			}
		}
		return new Chart("volume", "Volume over time", "Requests submitted and legs delivered, week by week", "line",
				"count", weeks.keySet().stream().map(LocalDate::toString).toList(),
				List.of(new Chart.Series("requests submitted",
						weeks.values().stream().map((w) -> (Number) w[0]).toList()),
						new Chart.Series("legs delivered",
								weeks.values().stream().map((w) -> (Number) w[1]).toList())));
	}

	private static LocalDate weekOf(Instant instant) {
		return LocalDate.ofInstant(instant, ZoneOffset.UTC)
			.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
	}

	/**
	 * Each leg sent to a provider in the period, with when its records first came and
	 * when it was first delivered (one pass over those events, joined).
	 */
	private List<LegFacts> legs(String organizationId, int days) {
		Instant since = (days > 0) ? this.clock.instant().minus(Duration.ofDays(days)) : Instant.EPOCH;
		String sql = """
				select l.provider_id, l.channel, l.state, l.submitted_at, l.follow_ups, l.extension_reason,
				       e.received_at, e.delivered_at
				from provider_leg l join retrieval_request r on r.id = l.request_id
				left join (select leg_id,
				                  min(case when to_state = 'RECORDS_RECEIVED' then occurred_at end) as received_at,
				                  min(case when to_state = 'DELIVERED' then occurred_at end) as delivered_at
				           from event where type = 'STATE_CHANGED' and to_state in ('RECORDS_RECEIVED', 'DELIVERED')
				             and occurred_at >= :since
				           group by leg_id) e on e.leg_id = l.id
				where l.submitted_at >= :since and (cast(:org as varchar) is null or r.organization_id = :org)""";
		MapSqlParameterSource parameters = new MapSqlParameterSource("org", organizationId).addValue("since",
				Timestamp.from(since));
		List<LegFacts> legs = new ArrayList<>();
		// providers and channels are few: one string each, not one per leg
		Map<String, String> names = new java.util.HashMap<>();
		this.readOnly
			.executeWithoutResult((status) -> this.streaming.query(sql, parameters, (java.sql.ResultSet rs) -> {
				legs.add(new LegFacts(names.computeIfAbsent(rs.getString("provider_id"), (n) -> n),
						names.computeIfAbsent(String.valueOf(rs.getString("channel")), (n) -> n),
						LegState.valueOf(rs.getString("state")), epoch(rs.getTimestamp("submitted_at")),
						rs.getInt("follow_ups"), rs.getString("extension_reason") != null,
						epoch(rs.getTimestamp("received_at")), epoch(rs.getTimestamp("delivered_at"))));
			}));
		return legs;
	}

	private static long epoch(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.getTime() : NONE;
	}

	private static int bucket(double days) {
		for (int i = 0; i < TURNAROUND_DAYS.length; i++) {
			if (days < TURNAROUND_DAYS[i]) {
				return i;
			}
		}
		return TURNAROUND_DAYS.length;
	}

	private static final long NONE = Long.MIN_VALUE;

	/**
	 * One leg, small (times as epoch milliseconds, {@link #NONE} when not yet): a year of
	 * a busy hub's legs fits the heap.
	 */
	record LegFacts(String providerId, String channel, LegState state, long submitted, int followUps, boolean extended,
			long received, long delivered) {

		Instant submittedAt() {
			return (this.submitted != NONE) ? Instant.ofEpochMilli(this.submitted) : null;
		}

		Instant receivedAt() {
			return (this.received != NONE) ? Instant.ofEpochMilli(this.received) : null;
		}

		Instant deliveredAt() {
			return (this.delivered != NONE) ? Instant.ofEpochMilli(this.delivered) : null;
		}

		Double turnaroundDays() {
			return (this.submitted != NONE && this.received != NONE)
					? (this.received - this.submitted) / (24.0 * 60 * 60 * 1000) : null;
		}

	}

}
