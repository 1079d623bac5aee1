package org.recordhub.authorization;

import org.recordhub.request.AuthorizationForm;
import org.recordhub.request.AuthorizationReaders;
import org.recordhub.request.InvalidRequestException;

import org.springframework.stereotype.Component;

/**
 * Reads authorizations from RecordHub's filled PDF form and from FHIR Consent resources.
 */
@Component
class AuthorizationDocuments implements AuthorizationReaders {

	private final AuthorizationPdfForm form;

	private final ConsentAuthorizations consents;

	AuthorizationDocuments(AuthorizationPdfForm form, ConsentAuthorizations consents) {
		this.form = form;
		this.consents = consents;
	}

	@Override
	public AuthorizationForm fromPdf(byte[] pdf) {
		if (!this.form.isThisForm(pdf)) {
			throw new InvalidRequestException("INVALID_AUTHORIZATION_FORM",
					"The document is not RecordHub's authorization form (GET /api/v1/authorizations/form), so its "
							+ "fields cannot be read; send them as 'authorization'.");
		}
		try {
			return this.form.read(pdf);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException("INVALID_AUTHORIZATION_FORM", ex.getMessage());
		}
	}

	@Override
	public AuthorizationForm fromConsent(String json) {
		try {
			return this.consents.read(json);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException("INVALID_CONSENT", ex.getMessage());
		}
	}

}
