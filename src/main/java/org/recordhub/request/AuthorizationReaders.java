package org.recordhub.request;

/**
 * Reads an authorization that did not come as fields: RecordHub's filled PDF form, or a
 * FHIR Consent. Implemented by the authorization feature.
 */
public interface AuthorizationReaders {

	/**
	 * @throws InvalidRequestException ({@code INVALID_AUTHORIZATION_FORM}) when the PDF
	 * is not a filled form
	 */
	AuthorizationForm fromPdf(byte[] pdf);

	/**
	 * @throws InvalidRequestException ({@code INVALID_CONSENT}) when the JSON is not a
	 * usable Consent
	 */
	AuthorizationForm fromConsent(String json);

}
