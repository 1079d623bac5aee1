package org.recordhub.request;

import java.util.List;

/**
 * Checks a request's patient identifiers the way delivery will check them (FHIR
 * Identifier rules: an absolute system URI, a valid OID), so a request that could never
 * be delivered is refused when it is submitted, not weeks later. Implemented by the FHIR
 * feature.
 */
public interface PatientIdentifiers {

	/**
	 * What is wrong with the patient's identifiers, one line each, naming the identifier;
	 * empty when nothing is.
	 */
	List<String> problems(Patient patient);

}
