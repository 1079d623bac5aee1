package org.recordhub.request;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/**
 * What a requester submits to {@code POST /api/v1/requests}.
 *
 * @param authorization the structured fields of the signed authorization; may be left out
 * when {@code authorizationDocument} is RecordHub's filled authorization form or
 * {@code authorizationConsent} is given
 * @param authorizationDocument the signed authorization as a base64 PDF (optional)
 * @param authorizationConsent the authorization as a FHIR R4 Consent resource (optional)
 * @param providers provider ids from the directory, one leg each
 * @param informationCategories categories of information requested (GENERAL, HIV,
 * MENTAL_HEALTH, ...); GENERAL when none are given
 * @param preferredChannel the channel the requester would like used (fax, sftp, email,
 * fhir, portal), weighed by the channel rules with the provider's own preference; when
 * absent, the requester organisation's preference in the directory
 */
public record RetrievalRequestForm(@NotNull @Valid Patient patient, @Valid AuthorizationForm authorization,
		String authorizationDocument, JsonNode authorizationConsent,
		@NotEmpty @Size(max = 100) List<@NotBlank @Size(max = 64) String> providers,
		@NotNull @Valid DateRange dateRange, @Size(max = 50) List<@NotBlank @Size(max = 64) String> recordTypes,
		@Size(max = 20) List<@NotBlank @Size(max = 64) String> informationCategories,
		@NotBlank @Size(max = 64) String purpose, Priority priority, @Pattern(regexp = "fax|sftp|email|fhir|portal",
				message = "must be fax, sftp, email, fhir or portal") String preferredChannel) {

	public RetrievalRequestForm {
		recordTypes = (recordTypes != null) ? List.copyOf(recordTypes) : List.of();
		informationCategories = (informationCategories != null && !informationCategories.isEmpty())
				? List.copyOf(informationCategories) : List.of("GENERAL");
		priority = (priority != null) ? priority : Priority.ROUTINE;
	}

	/**
	 * The authorization comes as fields, as a filled RecordHub form, or as a FHIR
	 * Consent.
	 */
	@AssertTrue(message = "give the authorization fields, RecordHub's filled authorization form as "
			+ "authorizationDocument, or a FHIR Consent as authorizationConsent")
	boolean isAuthorizationGiven() {
		return this.authorization != null || this.authorizationDocument != null || this.authorizationConsent != null;
	}

}
