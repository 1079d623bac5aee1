package org.recordhub.escalation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The legs' follow-up clocks and the actions taken, in the database. */
@Repository
class EscalationRepository {

	/** Legs with their clocks and their requests' purpose. */
	private static final String LEGS = """
					select l.id, l.state, l.channel, l.provider_id, l.fallbacks, l.submitted_at, l.state_since,
					       l.follow_ups, l.follow_ups_on_channel, l.last_follow_up_at, l.last_contact_at, l.escalation_level,
					       l.overdue, l.extension_reason, l.requester_asked_at, l.fee_quote, l.request_id,
					       r.organization_id, r.purpose, r.priority
					from provider_leg l join retrieval_request r on r.id = l.request_id
			""";

	private final JdbcClient jdbc;

	EscalationRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Up to {@code limit} waiting legs whose next check is due, oldest due first, found
	 * through the {@code next_action_at} index.
	 */
	List<DueLeg> due(Instant now, int limit) {
		return this.jdbc.sql(LEGS + """
				where l.next_action_at <= ?
				order by l.next_action_at, l.id
				limit ?""").params(Timestamp.from(now), limit).query(EscalationRepository::map).list();
	}

	Optional<DueLeg> leg(String legId) {
		return this.jdbc.sql(LEGS + """
				where l.id = ?""").param(legId).query(EscalationRepository::map).optional();
	}

	private static DueLeg map(ResultSet rs, int row) throws SQLException {
		String fallbacks = rs.getString("fallbacks");
		return new DueLeg(rs.getString("id"), rs.getString("request_id"), rs.getString("provider_id"),
				rs.getString("organization_id"), rs.getString("state"), rs.getString("channel"),
				rs.getString("purpose"), rs.getString("priority"), fallbacks != null && !fallbacks.isBlank(),
				instant(rs, "submitted_at"), instant(rs, "state_since"), rs.getInt("follow_ups"),
				rs.getInt("follow_ups_on_channel"), instant(rs, "last_follow_up_at"), instant(rs, "last_contact_at"),
				instant(rs, "requester_asked_at"), rs.getInt("escalation_level"), rs.getBoolean("overdue"),
				rs.getString("extension_reason") != null, rs.getBigDecimal("fee_quote"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return (value != null) ? value.toInstant() : null;
	}

	/**
	 * Takes the action's key: {@code false} if it was taken before (by this node or
	 * another), and the action must not run again.
	 */
	boolean take(String key, String legId, String type, Instant at) {
		// no error for a key taken before: on PostgreSQL an error would abort the pass's
		// transaction
		return this.jdbc
			.sql("insert into escalation_action (action_key, leg_id, type, taken_at) values (?, ?, ?, ?) "
					+ "on conflict do nothing")
			.params(key, legId, type, Timestamp.from(at))
			.update() == 1;
	}

	/** The next check, or none ({@code null}) once the leg no longer waits. */
	void reschedule(String legId, Instant next) {
		this.jdbc.sql("update provider_leg set next_action_at = ? where id = ?")
			.params((next != null) ? Timestamp.from(next) : null, legId)
			.update();
	}

	/** Checks the leg at the next pass (something happened that the rules should see). */
	void checkSoon(String legId, Instant now) {
		this.jdbc.sql("update provider_leg set next_action_at = ? where id = ? and next_action_at is not null")
			.params(Timestamp.from(now), legId)
			.update();
	}

	void followedUp(String legId, Instant at) {
		this.jdbc.sql("""
				update provider_leg set follow_ups = follow_ups + 1, follow_ups_on_channel = follow_ups_on_channel + 1,
				  last_follow_up_at = ? where id = ?""").params(Timestamp.from(at), legId).update();
	}

	void escalated(String legId, int level) {
		this.jdbc.sql("update provider_leg set escalation_level = ? where id = ? and escalation_level < ?")
			.params(level, legId, level)
			.update();
	}

	void overdue(String legId) {
		this.jdbc.sql("update provider_leg set overdue = true where id = ?").param(legId).update();
	}

	void requesterAsked(String legId, Instant at) {
		this.jdbc.sql("update provider_leg set requester_asked_at = ? where id = ?")
			.params(Timestamp.from(at), legId)
			.update();
	}

	/** Records the one extension of the HIPAA clock; {@code false} if it was extended. */
	boolean extend(String legId, String reason) {
		return this.jdbc.sql("update provider_leg set extension_reason = ? where id = ? and extension_reason is null")
			.params(reason, legId)
			.update() == 1;
	}

	Optional<Instant> nextActionAt(String legId) {
		return this.jdbc.sql("select next_action_at from provider_leg where id = ?")
			.param(legId)
			.query((rs, row) -> instant(rs, "next_action_at"))
			.optional();
	}

	/**
	 * A due leg with its history, as the database has it.
	 *
	 * @param hasFallback a channel is left to switch to
	 * @param extended the HIPAA clock was extended
	 */
	record DueLeg(String id, String requestId, String providerId, String organizationId, String state, String channel,
			String purpose, String priority, boolean hasFallback, Instant submittedAt, Instant stateSince,
			int followUps, int followUpsOnChannel, Instant lastFollowUpAt, Instant lastContactAt,
			Instant requesterAskedAt, int escalationLevel, boolean overdue, boolean extended,
			java.math.BigDecimal feeQuote) {
	}

}
