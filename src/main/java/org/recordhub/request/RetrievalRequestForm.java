package org.recordhub.request;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/**
 * What a requester submits to {@code POST /api/v1/requests}.
 *
 * @param authorization the structured fields of the signed authorization
 * @param authorizationDocument the signed authorization as a base64 PDF (optional)
 * @param providers provider ids from the directory, one leg each
 * @param informationCategories categories of information requested (GENERAL, HIV,
 * MENTAL_HEALTH, ...); GENERAL when none are given
 */
public record RetrievalRequestForm(@NotNull @Valid Patient patient, @NotNull @Valid AuthorizationForm authorization,
		String authorizationDocument, @NotEmpty List<@NotBlank String> providers, @NotNull @Valid DateRange dateRange,
		List<String> recordTypes, List<String> informationCategories, @NotBlank String purpose, Priority priority) {

	public RetrievalRequestForm {
		recordTypes = (recordTypes != null) ? List.copyOf(recordTypes) : List.of();
		informationCategories = (informationCategories != null && !informationCategories.isEmpty())
				? List.copyOf(informationCategories) : List.of("GENERAL");
		priority = (priority != null) ? priority : Priority.ROUTINE;
	}

}
