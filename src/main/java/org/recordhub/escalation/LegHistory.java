package org.recordhub.escalation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * What RecordHub knows of a waiting leg's history: when it reached the provider, what was
 * sent since and what came back. {@link #at} turns it into the rules' fact for a moment,
 * counting days in the provider's jurisdiction.
 *
 * @param jurisdiction the provider's state (its holidays count), or {@code null}
 * @param followUpsOnChannel follow-ups on the current channel since the provider last
 * answered
 */
public record LegHistory(String legId, String state, String channel, String purpose, String priority,
		String jurisdiction, Instant submittedAt, Instant stateSince, int followUps, int followUpsOnChannel,
		Instant lastFollowUpAt, Instant lastContactAt, Instant requesterAskedAt, int escalationLevel, boolean overdue,
		boolean extended, boolean hasFallback, Integer typicalTurnaroundDays, BigDecimal feeQuote,
		BigDecimal feeLimit) {

	public WaitingLeg at(Instant now, BusinessCalendar calendar, ZoneId zone) {
		LocalDate today = day(now, zone);
		Instant submitted = (this.submittedAt != null) ? this.submittedAt : this.stateSince;
		return new WaitingLeg(this.legId, this.state, this.channel, this.purpose, this.priority,
				businessDays(submitted, today, calendar, zone),
				(int) ChronoUnit.DAYS.between(day(submitted, zone), today),
				businessDays(this.stateSince, today, calendar, zone), this.followUps, this.followUpsOnChannel,
				businessDays(this.lastFollowUpAt, today, calendar, zone),
				businessDays(this.lastContactAt, today, calendar, zone),
				businessDays(this.requesterAskedAt, today, calendar, zone),
				(this.typicalTurnaroundDays != null) ? this.typicalTurnaroundDays : -1, this.escalationLevel,
				this.overdue, this.extended, this.hasFallback, this.feeQuote, this.feeLimit);
	}

	private int businessDays(Instant since, LocalDate today, BusinessCalendar calendar, ZoneId zone) {
		return (since != null) ? calendar.businessDaysBetween(day(since, zone), today, this.jurisdiction) : -1;
	}

	private static LocalDate day(Instant instant, ZoneId zone) {
		return instant.atZone(zone).toLocalDate();
	}

}
