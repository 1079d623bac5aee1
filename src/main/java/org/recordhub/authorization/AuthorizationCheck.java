package org.recordhub.authorization;

import java.time.LocalDate;

import jakarta.validation.constraints.NotNull;
import org.recordhub.request.AuthorizationForm;

/**
 * What {@code POST /api/v1/authorizations/validate} and each rule scenario check: an
 * authorization, optionally with the leg it is for, on a day, under a state's law.
 *
 * @param asOf the day of the check ({@code null}: today)
 * @param jurisdiction two-letter US state whose law applies, or {@code null}
 * @param leg the request leg, or {@code null} to check the authorization alone
 */
public record AuthorizationCheck(LocalDate asOf, String jurisdiction, @NotNull AuthorizationForm authorization,
		LegCheck leg) {
}
