package org.recordhub.provider;

/** A directory entry (JSON, FHIR or NPPES) that cannot be stored, with the reason. */
public class InvalidDirectoryEntryException extends RuntimeException {

	public InvalidDirectoryEntryException(String message) {
		super(message);
	}

}
