package org.recordhub.tracking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The append-only timeline store. */
@Component
public class EventLog {

	private final JdbcClient jdbc;

	private final Clock clock;

	public EventLog(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public void append(TimelineEvent event) {
		this.jdbc
			.sql("""
					insert into event (request_id, leg_id, provider_id, occurred_at, type, from_state, to_state, channel, detail,
					                   rule_set_version, rules_fired)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(event.requestId(), event.legId(), event.providerId(), Timestamp.from(this.clock.instant()),
					event.type(), event.fromState(), event.toState(), event.channel(), truncate(event.detail(), 4000),
					event.ruleSetVersion(),
					(event.rulesFired() != null && !event.rulesFired().isEmpty())
							? truncate(String.join(",", event.rulesFired()), 2000) : null)
			.update();
	}

	public List<TimelineEvent> forRequest(String requestId) {
		return this.jdbc.sql("select * from event where request_id = ? order by id")
			.param(requestId)
			.query(EventLog::map)
			.list();
	}

	/**
	 * The id of the request's latest event other than those of a type (0 without any): it
	 * changes whenever something happens to the request.
	 */
	public long latestId(String requestId, String exceptType) {
		return this.jdbc.sql("select coalesce(max(id), 0) from event where request_id = ? and type <> ?")
			.params(requestId, exceptType)
			.query(Long.class)
			.single();
	}

	public Optional<TimelineEvent> find(long id) {
		return this.jdbc.sql("select * from event where id = ?").param(id).query(EventLog::map).optional();
	}

	/** The latest events (up to the limit) in the period, newest first. */
	public List<TimelineEvent> between(Instant from, Instant to, int limit) {
		return this.jdbc.sql("select * from event where occurred_at >= ? and occurred_at <= ? order by id desc limit ?")
			.params(Timestamp.from(from), Timestamp.from(to), limit)
			.query(EventLog::map)
			.list();
	}

	/** Whether the leg's timeline has an event of this type. */
	public boolean has(String legId, String type) {
		return this.jdbc.sql("select count(*) from event where leg_id = ? and type = ?")
			.params(legId, type)
			.query(Long.class)
			.single() > 0;
	}

	/** Events that belong to no request, such as files nobody could match. */
	public List<TimelineEvent> unattached(String providerId) {
		return this.jdbc.sql("select * from event where request_id is null and provider_id = ? order by id")
			.param(providerId)
			.query(EventLog::map)
			.list();
	}

	private static TimelineEvent map(ResultSet rs, int row) throws SQLException {
		String fired = rs.getString("rules_fired");
		Instant at = rs.getTimestamp("occurred_at").toInstant();
		return new TimelineEvent(rs.getLong("id"), rs.getString("request_id"), rs.getString("leg_id"),
				rs.getString("provider_id"), at, rs.getString("type"), rs.getString("from_state"),
				rs.getString("to_state"), rs.getString("channel"), rs.getString("detail"),
				rs.getString("rule_set_version"), (fired != null) ? Arrays.asList(fired.split(",")) : List.of());
	}

	private static String truncate(String text, int max) {
		return (text == null || text.length() <= max) ? text : text.substring(0, max - 1) + "…";
	}

}
