package org.recordhub.request;

import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The structured fields of a HIPAA authorization (45 CFR 164.508) as the requester read
 * them off the signed form. Every field may be missing: the authorization rules decide
 * what a missing field means. The signed document itself travels separately (see
 * {@link RetrievalRequestForm#authorization()}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuthorizationForm(Patient patient, Boolean signed, LocalDate signatureDate, Signer signer,
		String initiatedBy, List<String> disclosers, Boolean anyProviderMayDisclose, List<String> recipients,
		String informationDescription, DateRange authorizedDateRange, List<String> informationCategories,
		List<String> purposes, LocalDate expirationDate, String expirationEvent, Statements statements,
		Boolean plainLanguage, Boolean revoked, List<String> compoundWith, Boolean conditionedOnSigning,
		String stateForm, Integer fontSizePt, Boolean handwritten) {

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Signer(String type, String name, String authorityDescription) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Statements(Boolean rightToRevoke, Boolean conditioning, Boolean redisclosure,
			Boolean part2Redisclosure, Boolean rightToInspect) {
	}

}
