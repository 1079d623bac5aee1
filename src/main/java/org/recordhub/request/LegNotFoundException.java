package org.recordhub.request;

public class LegNotFoundException extends RuntimeException {

	public LegNotFoundException(String legId) {
		super("No leg " + legId);
	}

}
