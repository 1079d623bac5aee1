package org.recordhub.escalation;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * A leg waiting on its provider (or on its requester), as the escalation rules see it.
 * Days are counted in the provider's jurisdiction's business days (weekends and its
 * holidays left out), except the HIPAA access clock, which counts calendar days.
 *
 * @param state the leg's state (SUBMITTED, ACKNOWLEDGED, IN_PROGRESS,
 * AWAITING_FEE_APPROVAL, NEEDS_INFORMATION)
 * @param purpose the request's purpose (AT_REQUEST_OF_INDIVIDUAL starts the HIPAA 164.524
 * clock)
 * @param calendarDaysSinceSubmission calendar days since the request reached the provider
 * @param followUpsOnChannel follow-ups sent on the current channel since the provider
 * last answered
 * @param businessDaysSinceLastFollowUp -1 when none was sent
 * @param businessDaysSinceProviderContact -1 when the provider never answered
 * @param businessDaysSinceRequesterAsked -1 when the requester was not asked (fee,
 * information)
 * @param typicalTurnaroundDays what the provider promises, -1 when unknown
 * @param extended whether the HIPAA 30-day clock was extended once by 30 days
 * @param hasFallback whether another channel is left to switch to
 * @param feeQuote the provider's fee quote, {@code null} when none or not understood
 * @param feeLimit the requester's pre-approved fee limit, {@code null} when it has none
 */
public record WaitingLeg(String legId, String state, String channel, String purpose, String priority,
		int businessDaysSinceSubmission, int calendarDaysSinceSubmission, int businessDaysInState, int followUpsSent,
		int followUpsOnChannel, int businessDaysSinceLastFollowUp, int businessDaysSinceProviderContact,
		int businessDaysSinceRequesterAsked, int typicalTurnaroundDays, int escalationLevel, boolean overdue,
		boolean extended, boolean hasFallback, BigDecimal feeQuote, BigDecimal feeLimit) {

	/** Whether the leg is in one of the comma-separated states (decision tables). */
	public boolean inState(String states) {
		return Arrays.stream(states.split(",")).map(String::strip).anyMatch(this.state::equals);
	}

	/** No follow-up yet, or the last one at least this many business days ago. */
	public boolean lastFollowUpAtLeast(int days) {
		return this.businessDaysSinceLastFollowUp < 0 || this.businessDaysSinceLastFollowUp >= days;
	}

	/** The quote is within the requester's pre-approved limit. */
	public boolean feeWithinLimit() {
		return this.feeQuote != null && this.feeLimit != null && this.feeQuote.compareTo(this.feeLimit) <= 0;
	}

	public boolean requesterAsked() {
		return this.businessDaysSinceRequesterAsked >= 0;
	}

	// getters for the rules (Drools reads JavaBean properties)

	public String getLegId() {
		return this.legId;
	}

	public String getState() {
		return this.state;
	}

	public String getChannel() {
		return this.channel;
	}

	public String getPurpose() {
		return this.purpose;
	}

	public String getPriority() {
		return this.priority;
	}

	public int getBusinessDaysSinceSubmission() {
		return this.businessDaysSinceSubmission;
	}

	public int getCalendarDaysSinceSubmission() {
		return this.calendarDaysSinceSubmission;
	}

	public int getBusinessDaysInState() {
		return this.businessDaysInState;
	}

	public int getFollowUpsSent() {
		return this.followUpsSent;
	}

	public int getFollowUpsOnChannel() {
		return this.followUpsOnChannel;
	}

	public int getBusinessDaysSinceLastFollowUp() {
		return this.businessDaysSinceLastFollowUp;
	}

	public int getBusinessDaysSinceProviderContact() {
		return this.businessDaysSinceProviderContact;
	}

	public int getBusinessDaysSinceRequesterAsked() {
		return this.businessDaysSinceRequesterAsked;
	}

	public int getTypicalTurnaroundDays() {
		return this.typicalTurnaroundDays;
	}

	public int getEscalationLevel() {
		return this.escalationLevel;
	}

	public boolean isOverdue() {
		return this.overdue;
	}

	public boolean isExtended() {
		return this.extended;
	}

	public boolean isHasFallback() {
		return this.hasFallback;
	}

	public BigDecimal getFeeQuote() {
		return this.feeQuote;
	}

	public BigDecimal getFeeLimit() {
		return this.feeLimit;
	}

}
