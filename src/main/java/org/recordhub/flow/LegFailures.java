package org.recordhub.flow;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.recordhub.channel.ChannelPlanner;
import org.recordhub.request.LegState;
import org.recordhub.request.Legs;
import org.recordhub.request.ProviderLeg;
import org.recordhub.system.Queues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Fails a leg whose work exhausted its retries, with the reason on the timeline; a leg
 * whose records are in hand keeps its state and records that the delivery failed.
 */
@Component("legFailures")
class LegFailures {

	private static final Logger logger = LoggerFactory.getLogger(LegFailures.class);

	private final Legs legs;

	private final ChannelPlanner planner;

	LegFailures(Legs legs, ChannelPlanner planner) {
		this.legs = legs;
		this.planner = planner;
	}

	public void fail(@Header(Queues.LEG_ID) String legId,
			@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable error) {
		String reason = reason(error);
		logger.warn("Leg {} failed after retries: {}", legId, reason);
		ProviderLeg leg = this.legs.find(legId).orElseThrow();
		if (leg.state() == LegState.COMPLETE || leg.state() == LegState.INCOMPLETE) {
			// the records are in hand: only their delivery failed, and a retry delivers
			// them
			this.legs.record(leg, "DELIVERY_FAILED",
					"Delivery failed after retries: " + reason + ". The records are kept; retry to deliver them.",
					"fhir");
			return;
		}
		// a channel that failed for good hands the leg to the next fallback the channel
		// rules chose
		this.planner.failOver(legId, reason);
	}

	/**
	 * The error and its root cause, which usually says what a person must fix (a host
	 * key, a password).
	 */
	static String reason(Throwable error) {
		if (error == null) {
			return "unknown error";
		}
		Throwable root = error;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String reason = error.getClass().getSimpleName() + ": " + error.getMessage();
		return (root == error) ? reason
				: reason + " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
	}

}
