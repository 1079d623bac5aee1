package org.recordhub.request;

import java.util.Collection;

/** A request's status, derived from the states of its legs. */
public enum RequestStatus {

	/** At least one leg is still moving. */
	IN_PROGRESS,
	/** Every leg delivered its records. */
	DELIVERED,
	/** Every leg is settled; some delivered, some did not. */
	PARTIALLY_DELIVERED,
	/** Every leg is settled and none delivered. */
	CLOSED,
	/** Every leg was cancelled. */
	CANCELLED;

	static RequestStatus of(Collection<LegState> legs) {
		if (legs.stream().allMatch((s) -> s == LegState.CANCELLED)) {
			return CANCELLED;
		}
		if (!legs.stream().allMatch(LegState::isSettled)) {
			return IN_PROGRESS;
		}
		long delivered = legs.stream().filter((s) -> s == LegState.DELIVERED).count();
		if (delivered == legs.size()) {
			return DELIVERED;
		}
		return (delivered > 0) ? PARTIALLY_DELIVERED : CLOSED;
	}

}
