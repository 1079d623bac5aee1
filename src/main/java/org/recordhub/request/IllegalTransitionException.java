package org.recordhub.request;

/**
 * A leg was asked to move to a state its state machine does not allow from where it is.
 */
public class IllegalTransitionException extends RuntimeException {

	private final LegState from;

	private final LegState to;

	public IllegalTransitionException(String legId, LegState from, LegState to) {
		super("Leg " + legId + " cannot move from " + from + " to " + to);
		this.from = from;
		this.to = to;
	}

	public LegState from() {
		return this.from;
	}

	public LegState to() {
		return this.to;
	}

}
