package org.recordhub.request;

import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

/**
 * The structured fields of a HIPAA authorization (45 CFR 164.508) as the requester read
 * them off the signed form. Every field may be missing: the authorization rules decide
 * what a missing field means. The signed document itself travels separately (see
 * {@link RetrievalRequestForm#authorization()}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuthorizationForm(Patient patient, Boolean signed, LocalDate signatureDate, @Valid Signer signer,
		@Size(max = 64) String initiatedBy, @Size(max = 50) List<@Size(max = 200) String> disclosers,
		Boolean anyProviderMayDisclose, @Size(max = 50) List<@Size(max = 200) String> recipients,
		@Size(max = 4000) String informationDescription, DateRange authorizedDateRange,
		@Size(max = 20) List<@Size(max = 64) String> informationCategories,
		@Size(max = 20) List<@Size(max = 64) String> purposes, LocalDate expirationDate,
		@Size(max = 500) String expirationEvent, Statements statements, Boolean plainLanguage, Boolean revoked,
		@Size(max = 20) List<@Size(max = 64) String> compoundWith, Boolean conditionedOnSigning,
		@Size(max = 64) String stateForm, Integer fontSizePt, Boolean handwritten) {

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Signer(@Size(max = 64) String type, @Size(max = 200) String name,
			@Size(max = 1000) String authorityDescription) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Statements(Boolean rightToRevoke, Boolean conditioning, Boolean redisclosure,
			Boolean part2Redisclosure, Boolean rightToInspect) {
	}

}
