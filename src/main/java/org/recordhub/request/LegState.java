package org.recordhub.request;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The state machine of a {@link ProviderLeg}: the unit of work with one provider. Only
 * the transitions listed here are allowed; anything else is an
 * {@link IllegalTransitionException}.
 */
public enum LegState {

	NEW, AUTHORIZATION_CHECK, AUTHORIZATION_REJECTED, READY, SUBMITTED, ACKNOWLEDGED, AWAITING_FEE_APPROVAL,
	NEEDS_INFORMATION, IN_PROGRESS, RECORDS_RECEIVED, PROCESSING, COMPLETE, INCOMPLETE, DELIVERED, NO_RECORDS,
	CANCELLED, FAILED;

	private static final Map<LegState, Set<LegState>> ALLOWED = Map.ofEntries(
			Map.entry(NEW, EnumSet.of(AUTHORIZATION_CHECK, CANCELLED)),
			Map.entry(AUTHORIZATION_CHECK, EnumSet.of(AUTHORIZATION_REJECTED, READY, CANCELLED)),
			// a corrected authorization is checked again
			Map.entry(AUTHORIZATION_REJECTED, EnumSet.of(AUTHORIZATION_CHECK, CANCELLED)),
			Map.entry(READY, EnumSet.of(SUBMITTED, FAILED, CANCELLED)),
			// back to READY when the channel reports that the request never reached the
			// provider (a fax job that failed): it is sent again, on the next channel
			Map.entry(SUBMITTED,
					EnumSet.of(READY, ACKNOWLEDGED, AWAITING_FEE_APPROVAL, NEEDS_INFORMATION, IN_PROGRESS,
							RECORDS_RECEIVED, NO_RECORDS, FAILED, CANCELLED)),
			Map.entry(ACKNOWLEDGED,
					EnumSet.of(AWAITING_FEE_APPROVAL, NEEDS_INFORMATION, IN_PROGRESS, RECORDS_RECEIVED, NO_RECORDS,
							FAILED, CANCELLED)),
			Map.entry(AWAITING_FEE_APPROVAL, EnumSet.of(IN_PROGRESS, NEEDS_INFORMATION, RECORDS_RECEIVED, CANCELLED)),
			Map.entry(NEEDS_INFORMATION, EnumSet.of(IN_PROGRESS, AWAITING_FEE_APPROVAL, RECORDS_RECEIVED, CANCELLED)),
			Map.entry(IN_PROGRESS,
					EnumSet.of(AWAITING_FEE_APPROVAL, NEEDS_INFORMATION, RECORDS_RECEIVED, NO_RECORDS, FAILED,
							CANCELLED)),
			Map.entry(RECORDS_RECEIVED, EnumSet.of(PROCESSING, CANCELLED)),
			Map.entry(PROCESSING, EnumSet.of(COMPLETE, INCOMPLETE, FAILED)),
			// more records may still arrive after a leg looked complete, or even after
			// delivery
			Map.entry(COMPLETE, EnumSet.of(DELIVERED, RECORDS_RECEIVED)),
			Map.entry(INCOMPLETE, EnumSet.of(DELIVERED, RECORDS_RECEIVED)),
			Map.entry(DELIVERED, EnumSet.of(RECORDS_RECEIVED)), Map.entry(NO_RECORDS, EnumSet.of(RECORDS_RECEIVED)),
			Map.entry(CANCELLED, EnumSet.noneOf(LegState.class)),
			// a failed leg can be retried by staff
			Map.entry(FAILED, EnumSet.of(READY, CANCELLED)));

	public boolean canMoveTo(LegState next) {
		return ALLOWED.get(this).contains(next);
	}

	/** States from which nothing happens without a person or new records. */
	public boolean isSettled() {
		return this == AUTHORIZATION_REJECTED || this == DELIVERED || this == NO_RECORDS || this == CANCELLED
				|| this == FAILED;
	}

	/** States a provider may send records in. */
	/**
	 * Waiting on the provider (or on the requester's answer to it): the states the
	 * follow-up and escalation rules watch.
	 */
	public boolean isWaiting() {
		return this == SUBMITTED || this == ACKNOWLEDGED || this == AWAITING_FEE_APPROVAL || this == NEEDS_INFORMATION
				|| this == IN_PROGRESS;
	}

	public boolean acceptsRecords() {
		return canMoveTo(RECORDS_RECEIVED);
	}

	/** Every state from which a leg may move to {@code target}. */
	public static Set<LegState> leadingTo(LegState target) {
		Set<LegState> from = EnumSet.noneOf(LegState.class);
		for (LegState state : values()) {
			if (state.canMoveTo(target)) {
				from.add(state);
			}
		}
		return from;
	}

}
