package org.recordhub.document;

/** A received file RecordHub cannot read, with the reason a person will see. */
public class UnreadableFileException extends RuntimeException {

	public UnreadableFileException(String message) {
		super(message);
	}

}
