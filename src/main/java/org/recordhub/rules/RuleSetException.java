package org.recordhub.rules;

/** A rule set that cannot be loaded; the message lists every compilation error. */
public class RuleSetException extends RuntimeException {

	public RuleSetException(String message) {
		super(message);
	}

}
