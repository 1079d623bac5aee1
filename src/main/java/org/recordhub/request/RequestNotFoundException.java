package org.recordhub.request;

/**
 * No such request, or not one the caller may see: both answer the same, so ids leak
 * nothing.
 */
public class RequestNotFoundException extends RuntimeException {

	public RequestNotFoundException(String requestId) {
		super("No request " + requestId);
	}

}
