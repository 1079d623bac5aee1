package org.recordhub.document;

/** A received file RecordHub cannot read, with the reason a person will see. */
public class UnreadableFileException extends RuntimeException {

	public UnreadableFileException(String message) {
		super((message == null || message.isBlank()) ? "It could not be read, for no reason the reader gave" : message);
	}

	/**
	 * What went wrong, for a person: the reader's words, or the kind of failure when it
	 * gave none (never an empty reason).
	 */
	public static String describe(Throwable failure) {
		String message = failure.getMessage();
		String kind = failure.getClass().getSimpleName();
		if (failure instanceof StackOverflowError) {
			return "It is nested too deeply to read (" + kind + ")";
		}
		return "It could not be read: " + ((message == null || message.isBlank()) ? kind : message + " (" + kind + ")");
	}

}
