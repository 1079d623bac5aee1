package org.recordhub.request;

/**
 * A well-formed request that cannot be accepted, such as one naming an unknown provider.
 */
public class InvalidRequestException extends RuntimeException {

	private final String code;

	public InvalidRequestException(String code, String message) {
		super(message);
		this.code = code;
	}

	public String code() {
		return this.code;
	}

}
