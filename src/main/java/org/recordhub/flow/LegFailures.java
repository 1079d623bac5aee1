package org.recordhub.flow;

import java.util.Set;

import org.recordhub.request.LegState;
import org.recordhub.request.Legs;
import org.recordhub.request.Legs.Transition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/** Fails a leg whose work exhausted its retries, with the reason on the timeline. */
@Component("legFailures")
class LegFailures {

	private static final Logger logger = LoggerFactory.getLogger(LegFailures.class);

	private final Legs legs;

	LegFailures(Legs legs) {
		this.legs = legs;
	}

	public void fail(String legId, String reason) {
		logger.warn("Leg {} failed after retries: {}", legId, reason);
		Set<LegState> failable = LegState.leadingTo(LegState.FAILED);
		this.legs.advance(legId, failable, Transition.to(LegState.FAILED, "Failed after retries: " + reason));
	}

}
