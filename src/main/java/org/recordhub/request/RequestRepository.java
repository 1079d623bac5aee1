package org.recordhub.request;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class RequestRepository {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	RequestRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void insert(RetrievalRequest request) {
		this.jdbc
			.sql("""
					insert into retrieval_request (id, organization_id, created_by, created_at, status, purpose, priority, details)
					values (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(request.id(), request.organizationId(), request.createdBy(), Timestamp.from(request.createdAt()),
					request.status().name(), request.purpose(), request.priority().name(),
					this.json.writeValueAsString(request.details()))
			.update();
		for (ProviderLeg leg : request.legs()) {
			this.jdbc.sql("""
					insert into provider_leg (id, request_id, provider_id, state, channel, state_reason, updated_at)
					values (?, ?, ?, ?, ?, ?, ?)""")
				.params(leg.id(), leg.requestId(), leg.providerId(), leg.state().name(), leg.channel(),
						leg.stateReason(), Timestamp.from(leg.updatedAt()))
				.update();
		}
	}

	Optional<RetrievalRequest> find(String id) {
		return this.jdbc.sql("select * from retrieval_request where id = ?")
			.param(id)
			.query(this::mapRequest)
			.optional();
	}

	/**
	 * A page of requests matching the filter, newest first. A patient's name is looked
	 * for in the request's details here; the caller checks the name itself.
	 */
	List<RetrievalRequest> page(RequestFilter filter, Instant now, int page, int size) {
		Where where = Where.of(filter, now);
		return this.jdbc
			.sql("select * from retrieval_request r" + where.sql() + " order by created_at desc, id"
					+ " limit :limit offset :offset")
			.paramSource(where.parameters().addValue("limit", size).addValue("offset", (long) page * size))
			.query(this::mapRequest)
			.list();
	}

	long count(RequestFilter filter, Instant now) {
		Where where = Where.of(filter, now);
		return this.jdbc.sql("select count(*) from retrieval_request r" + where.sql())
			.paramSource(where.parameters())
			.query(Long.class)
			.single();
	}

	/** How many legs of the organisation's requests (all when null) are in each state. */
	Map<LegState, Long> legStates(String organizationId) {
		Map<LegState, Long> counts = new java.util.EnumMap<>(LegState.class);
		// all organisations' legs need no join
		this.jdbc.sql((organizationId == null) ? "select state, count(*) as legs from provider_leg group by state" : """
				select l.state, count(*) as legs from provider_leg l join retrieval_request r on r.id = l.request_id
				where r.organization_id = :org
				group by l.state""").paramSource(new MapSqlParameterSource("org", organizationId)).query((rs) -> {
			counts.put(LegState.valueOf(rs.getString("state")), rs.getLong("legs"));
		});
		return counts;
	}

	/**
	 * The criteria a filter sets, and only those, so the database plans each search for
	 * what it asks (a leg criterion is an index probe per request).
	 */
	private record Where(String sql, MapSqlParameterSource parameters) {

		static Where of(RequestFilter filter, Instant now) {
			List<String> criteria = new java.util.ArrayList<>();
			MapSqlParameterSource parameters = new MapSqlParameterSource();
			if (filter.organizationId() != null) {
				criteria.add("r.organization_id = :org");
				parameters.addValue("org", filter.organizationId());
			}
			if (filter.status() != null) {
				criteria.add("r.status = :status");
				parameters.addValue("status", filter.status().name());
			}
			if (filter.providerId() != null && !filter.providerId().isBlank()) {
				criteria.add(
						"exists (select 1 from provider_leg l where l.request_id = r.id and l.provider_id = :provider)");
				parameters.addValue("provider", filter.providerId());
			}
			if (filter.olderThanDays() != null) {
				criteria.add("r.created_at <= :before");
				parameters.addValue("before",
						Timestamp.from(now.minus(java.time.Duration.ofDays(filter.olderThanDays()))));
			}
			if (filter.overdue()) {
				criteria.add("exists (select 1 from provider_leg l where l.request_id = r.id and l.overdue)");
			}
			if (filter.escalated()) {
				criteria
					.add("exists (select 1 from provider_leg l where l.request_id = r.id and l.escalation_level > 0)");
			}
			if (filter.hasPatient()) {
				// the longest word of the name narrows the search; the caller matches the
				// name
				String word = filter.patientWords()
					.stream()
					.max(java.util.Comparator.comparingInt(String::length))
					.orElseThrow();
				criteria.add("lower(r.details) like :patient");
				parameters.addValue("patient", "%" + word.replace("%", "").replace("_", "") + "%");
			}
			return new Where(criteria.isEmpty() ? "" : " where " + String.join(" and ", criteria), parameters);
		}

	}

	boolean exists() {
		return this.jdbc.sql("select count(*) from retrieval_request").query(Long.class).single() > 0;
	}

	List<ProviderLeg> legs(String requestId) {
		return this.jdbc.sql("select * from provider_leg where request_id = ? order by provider_id, id")
			.param(requestId)
			.query(RequestRepository::mapLeg)
			.list();
	}

	Optional<ProviderLeg> leg(String legId) {
		return this.jdbc.sql("select * from provider_leg where id = ?")
			.param(legId)
			.query(RequestRepository::mapLeg)
			.optional();
	}

	/** Reads a leg and locks its row until the surrounding transaction ends. */
	Optional<ProviderLeg> lockLeg(String legId) {
		return this.jdbc.sql("select * from provider_leg where id = ? for update")
			.param(legId)
			.query(RequestRepository::mapLeg)
			.optional();
	}

	List<ProviderLeg> legsAt(String providerId, List<LegState> states, int limit) {
		return this.jdbc
			.sql("select * from provider_leg where provider_id = :provider and state in (:states) "
					+ "order by updated_at desc limit :limit")
			.param("provider", providerId)
			.param("states", states.stream().map(Enum::name).toList())
			.param("limit", limit)
			.query(RequestRepository::mapLeg)
			.list();
	}

	/**
	 * Legs in a state on a channel whose external reference starts so (a fax job, say),
	 * each with its reference.
	 */
	Map<ProviderLeg, String> legsWithReference(LegState state, String channel, String referencePrefix) {
		Map<ProviderLeg, String> legs = new java.util.LinkedHashMap<>();
		this.jdbc.sql("""
				select * from provider_leg where state = :state and channel = :channel
				  and external_reference like :prefix order by updated_at""")
			.param("state", state.name())
			.param("channel", channel)
			.param("prefix", referencePrefix.replace("%", "") + "%")
			.query((rs) -> {
				legs.put(mapLeg(rs, 0), rs.getString("external_reference"));
			});
		return legs;
	}

	/**
	 * Legs whose authorization was rejected, or accepted with one of these findings, not
	 * reviewed since and not cancelled.
	 */
	List<ProviderLeg> legsToReview(List<String> findings) {
		List<String> named = new java.util.ArrayList<>();
		MapSqlParameterSource parameters = new MapSqlParameterSource();
		for (int i = 0; i < findings.size(); i++) {
			named.add(" or e.detail like :finding" + i);
			parameters.addValue("finding" + i, "%" + findings.get(i) + "%");
		}
		return this.jdbc.sql("""
				select * from provider_leg l where l.state <> 'CANCELLED' and exists (
				  select 1 from event e
				  where e.leg_id = l.id and e.type = 'STATE_CHANGED' and e.from_state = 'AUTHORIZATION_CHECK'
				    and (l.state = 'AUTHORIZATION_REJECTED'%s)
				    and not exists (select 1 from event r where r.leg_id = l.id and r.type = 'AUTHORIZATION_REVIEWED'
				                    and r.id > e.id))
				order by l.updated_at""".formatted(String.join("", named)))
			.paramSource(parameters)
			.query(RequestRepository::mapLeg)
			.list();
	}

	List<ProviderLeg> legsIn(List<LegState> states) {
		return this.jdbc.sql("select * from provider_leg where state in (:states) order by updated_at")
			.param("states", states.stream().map(Enum::name).toList())
			.query(RequestRepository::mapLeg)
			.list();
	}

	void updateLeg(String legId, LegState state, String channel, String reason, Instant at) {
		this.jdbc.sql("""
				update provider_leg set state = ?, channel = coalesce(?, channel), state_reason = ?, updated_at = ?
				where id = ?""").params(state.name(), channel, reason, Timestamp.from(at), legId).update();
	}

	/**
	 * Moves the leg's clock with its state: when it reached the provider and has been in
	 * this state since; its next follow-up check due at once while it waits, none
	 * otherwise; the provider's answers (a state it sets) reset the follow-ups counted on
	 * the channel; a fee quote is kept.
	 */
	void updateClock(String legId, LegState state, boolean providerAnswered, BigDecimal feeQuote, Instant at) {
		Timestamp now = Timestamp.from(at);
		this.jdbc.sql("""
				update provider_leg set state_since = ?,
				  submitted_at = case when ? and submitted_at is null then ? else submitted_at end,
				  next_action_at = ?,
				  last_contact_at = case when ? then ? else last_contact_at end,
				  follow_ups_on_channel = case when ? then 0 else follow_ups_on_channel end,
				  requester_asked_at = case when ? then null else requester_asked_at end,
				  fee_quote = case when ? then ? else fee_quote end
				where id = ?""")
			.params(now, state == LegState.SUBMITTED, now, state.isWaiting() ? now : null, providerAnswered, now,
					providerAnswered || state == LegState.READY, providerAnswered,
					state == LegState.AWAITING_FEE_APPROVAL, feeQuote, legId)
			.update();
	}

	/** The follow-up clocks of the request's legs, by leg id. */
	Map<String, LegClock> clocks(String requestId) {
		Map<String, LegClock> clocks = new HashMap<>();
		this.jdbc
			.sql("""
					select id, submitted_at, next_action_at, follow_ups, last_follow_up_at, last_contact_at, escalation_level,
					       overdue, extension_reason, fee_quote
					from provider_leg where request_id = ?""")
			.param(requestId)
			.query((rs) -> {
				clocks.put(rs.getString("id"), new LegClock(instant(rs.getTimestamp("submitted_at")),
						instant(rs.getTimestamp("next_action_at")), rs.getInt("follow_ups"),
						instant(rs.getTimestamp("last_follow_up_at")), instant(rs.getTimestamp("last_contact_at")),
						rs.getInt("escalation_level"), rs.getBoolean("overdue"), rs.getString("extension_reason"),
						rs.getBigDecimal("fee_quote")));
			});
		return clocks;
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/** The provider answered without changing the leg's state (a message). */
	void providerAnswered(String legId, Instant at) {
		this.jdbc.sql("update provider_leg set last_contact_at = ?, follow_ups_on_channel = 0, next_action_at = "
				+ "case when next_action_at is null then null else cast(? as timestamp with time zone) end where id = ?")
			.params(Timestamp.from(at), Timestamp.from(at), legId)
			.update();
	}

	void updateDetails(String requestId, RequestDetails details) {
		this.jdbc.sql("update retrieval_request set details = ? where id = ?")
			.params(this.json.writeValueAsString(details), requestId)
			.update();
	}

	void updateChannel(String legId, String channel, List<String> fallbacks, Instant at) {
		this.jdbc.sql("update provider_leg set channel = ?, fallbacks = ?, updated_at = ? where id = ?")
			.params(channel, String.join(",", fallbacks), Timestamp.from(at), legId)
			.update();
	}

	List<String> fallbacks(String legId) {
		String fallbacks = this.jdbc.sql("select fallbacks from provider_leg where id = ?")
			.param(legId)
			.query(String.class)
			.optional()
			.orElse(null);
		return (fallbacks == null || fallbacks.isBlank()) ? List.of() : List.of(fallbacks.split(","));
	}

	void updateExternalReference(String legId, String reference) {
		this.jdbc.sql("update provider_leg set external_reference = ? where id = ?").params(reference, legId).update();
	}

	String externalReference(String legId) {
		return this.jdbc.sql("select external_reference from provider_leg where id = ?")
			.param(legId)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	void updateStatus(String requestId, RequestStatus status) {
		this.jdbc.sql("update retrieval_request set status = ? where id = ?").params(status.name(), requestId).update();
	}

	private RetrievalRequest mapRequest(ResultSet rs, int row) throws SQLException {
		String id = rs.getString("id");
		return new RetrievalRequest(id, rs.getString("organization_id"), rs.getString("created_by"),
				rs.getTimestamp("created_at").toInstant(), RequestStatus.valueOf(rs.getString("status")),
				rs.getString("purpose"), Priority.valueOf(rs.getString("priority")),
				this.json.readValue(rs.getString("details"), RequestDetails.class), legs(id));
	}

	private static ProviderLeg mapLeg(ResultSet rs, int row) throws SQLException {
		return new ProviderLeg(rs.getString("id"), rs.getString("request_id"), rs.getString("provider_id"),
				LegState.valueOf(rs.getString("state")), rs.getString("channel"), rs.getString("state_reason"),
				rs.getTimestamp("updated_at").toInstant());
	}

}
