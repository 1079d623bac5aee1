package org.recordhub.authorization;

/**
 * What a rule found wrong or worth a look, with the regulation it rests on.
 *
 * @param code stable code staff and users search for, e.g.
 * {@code AUTH-SIGNATURE-DATE-MISSING}
 * @param citation the regulation, e.g. {@code 45 CFR 164.508(c)(1)(vi)}
 */
public record Finding(String code, Severity severity, String citation, String message) {

	public enum Severity {

		ERROR, WARNING

	}

}
