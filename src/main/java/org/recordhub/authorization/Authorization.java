package org.recordhub.authorization;

import java.time.LocalDate;

import org.recordhub.request.AuthorizationForm;

/**
 * The authorization as the rules see it: a fact with bean properties. {@code asOf} is the
 * day the check is made.
 */
public class Authorization {

	private final AuthorizationForm form;

	private final LocalDate asOf;

	public Authorization(AuthorizationForm form, LocalDate asOf) {
		this.form = form;
		this.asOf = asOf;
	}

	public LocalDate getAsOf() {
		return this.asOf;
	}

	public Boolean getSigned() {
		return this.form.signed();
	}

	public LocalDate getSignatureDate() {
		return this.form.signatureDate();
	}

	public LocalDate getExpirationDate() {
		return this.form.expirationDate();
	}

	public Boolean getRevoked() {
		return this.form.revoked();
	}

}
