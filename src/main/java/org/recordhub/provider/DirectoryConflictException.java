package org.recordhub.provider;

/** A directory change that conflicts with what is there, with a stable code. */
public class DirectoryConflictException extends RuntimeException {

	private final String code;

	public DirectoryConflictException(String code, String message) {
		super(message);
		this.code = code;
	}

	public String code() {
		return this.code;
	}

}
