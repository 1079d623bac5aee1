package org.recordhub.request;

import java.util.List;

/**
 * The descriptive part of a request, stored as one JSON document.
 *
 * @param authorizationDocumentSha256 key of the signed authorization PDF in the document
 * store, or {@code null} when none was supplied
 */
public record RequestDetails(Patient patient, AuthorizationForm authorization, String authorizationDocumentSha256,
		DateRange dateRange, List<String> recordTypes, List<String> informationCategories, String preferredChannel) {

	public RequestDetails {
		informationCategories = (informationCategories != null && !informationCategories.isEmpty())
				? List.copyOf(informationCategories) : List.of("GENERAL");
	}
}
