package org.recordhub.request;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Where a leg stands with follow-ups and escalation.
 *
 * @param submittedAt when the request first reached the provider
 * @param nextCheckAt when the follow-up and escalation rules look at the leg next (none
 * once it no longer waits)
 * @param followUps follow-ups sent to the provider
 * @param lastProviderContactAt the provider's last answer
 * @param escalationLevel 0, 1 (HIM staff) or 2 (a supervisor and the requester)
 * @param overdue past the HIPAA access deadline
 * @param hipaaExtension the reason the HIPAA access clock was extended, if it was
 * @param feeQuote the provider's copy fee quote, if it quoted one
 */
public record LegClock(Instant submittedAt, Instant nextCheckAt, int followUps, Instant lastFollowUpAt,
		Instant lastProviderContactAt, int escalationLevel, boolean overdue, String hipaaExtension,
		BigDecimal feeQuote) {
}
