package org.recordhub.channel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * RecordHub's own history with a provider, per channel, from the timeline: how often legs
 * failed, and how long records took from sending to arrival (median and 90th percentile).
 */
@Component
public class ChannelStatistics {

	private final JdbcClient jdbc;

	ChannelStatistics(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Map<String, Stats> forProvider(String providerId) {
		Map<String, Instant> submitted = new HashMap<>();
		Map<String, List<Double>> turnaround = new LinkedHashMap<>();
		Map<String, int[]> counts = new LinkedHashMap<>();
		this.jdbc.sql("""
				select leg_id, channel, to_state, occurred_at from event
				where provider_id = ? and type = 'STATE_CHANGED' and channel is not null
				  and to_state in ('SUBMITTED', 'RECORDS_RECEIVED', 'FAILED')
				order by id""").param(providerId).query((rs) -> {
			String leg = rs.getString("leg_id");
			String channel = rs.getString("channel");
			Instant at = rs.getTimestamp("occurred_at").toInstant();
			int[] count = counts.computeIfAbsent(channel, (c) -> new int[2]);
			switch (rs.getString("to_state")) {
				case "SUBMITTED" -> {
					submitted.put(leg + channel, at);
					count[0]++;
				}
				case "FAILED" -> {
					count[0] += submitted.containsKey(leg + channel) ? 0 : 1;
					count[1]++;
				}
				default -> {
					Instant sent = submitted.remove(leg + channel);
					if (sent != null) {
						turnaround.computeIfAbsent(channel, (c) -> new ArrayList<>())
							.add(Duration.between(sent, at).toMinutes() / (24.0 * 60));
					}
				}
			}
		});
		Map<String, Stats> stats = new LinkedHashMap<>();
		counts.forEach((channel, count) -> {
			List<Double> days = turnaround.getOrDefault(channel, List.of()).stream().sorted().toList();
			stats.put(channel, new Stats(count[0], (count[0] == 0) ? 0 : (double) count[1] / count[0],
					percentile(days, 0.5), percentile(days, 0.9)));
		});
		return stats;
	}

	/**
	 * The nearest-rank percentile ({@code p} 0.5 for the median) of sorted values, -1
	 * without any.
	 */
	public static double percentile(List<Double> sorted, double p) {
		if (sorted.isEmpty()) {
			return -1;
		}
		int index = (int) Math.ceil(p * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
	}

	/**
	 * @param legs legs sent (or attempted) on the channel
	 * @param failureRate share of them that failed
	 * @param medianTurnaroundDays median days from sending to records, -1 without records
	 * yet
	 * @param p90TurnaroundDays 90th percentile of the same, -1 without records yet
	 */
	public record Stats(int legs, double failureRate, double medianTurnaroundDays, double p90TurnaroundDays) {
	}

}
