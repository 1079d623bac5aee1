package org.recordhub.tracking;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One step on a request's timeline: what happened, when, on which channel, and by which
 * rule set version. Events are append-only. Details never repeat patient data.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimelineEvent(Long id, String requestId, String legId, String providerId, Instant at, String type,
		String fromState, String toState, String channel, String detail, String ruleSetVersion,
		List<String> rulesFired) {

	public static TimelineEvent of(String requestId, String legId, String providerId, String type, String detail) {
		return new TimelineEvent(null, requestId, legId, providerId, null, type, null, null, null, detail, null, null);
	}

	public TimelineEvent withChannel(String channel) {
		return new TimelineEvent(this.id, this.requestId, this.legId, this.providerId, this.at, this.type,
				this.fromState, this.toState, channel, this.detail, this.ruleSetVersion, this.rulesFired);
	}

	public TimelineEvent withRules(String ruleSetVersion, List<String> rulesFired) {
		return new TimelineEvent(this.id, this.requestId, this.legId, this.providerId, this.at, this.type,
				this.fromState, this.toState, this.channel, this.detail, ruleSetVersion, rulesFired);
	}

	public TimelineEvent withStates(String fromState, String toState) {
		return new TimelineEvent(this.id, this.requestId, this.legId, this.providerId, this.at, this.type, fromState,
				toState, this.channel, this.detail, this.ruleSetVersion, this.rulesFired);
	}

}
