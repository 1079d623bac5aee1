package org.recordhub.provider;

/** No organisation with this id in the directory. */
public class ProviderNotFoundException extends RuntimeException {

	public ProviderNotFoundException(String id) {
		super("No organisation '" + id + "' in the directory.");
	}

}
