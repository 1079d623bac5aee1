package org.recordhub.authorization;

import java.util.List;

import org.recordhub.request.DateRange;
import org.recordhub.request.Patient;

/**
 * The request leg an authorization is to be used for.
 *
 * @param providerMaxAuthorizationAgeDays the provider's policy: authorizations signed
 * longer ago are refused ({@code null}: no policy)
 * @param purpose the request's purpose (LITIGATION, RESEARCH, MARKETING...), which the
 * authorization must allow
 */
public record LegCheck(Patient patient, String providerName, DateRange dateRange, List<String> recordTypes,
		List<String> informationCategories, Integer providerMaxAuthorizationAgeDays, String purpose) {

	public LegCheck {
		recordTypes = (recordTypes != null) ? List.copyOf(recordTypes) : List.of();
		informationCategories = (informationCategories != null) ? List.copyOf(informationCategories) : List.of();
	}

}
