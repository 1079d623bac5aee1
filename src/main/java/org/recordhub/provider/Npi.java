package org.recordhub.provider;

/**
 * The National Provider Identifier's check digit: Luhn over the 9 digits prefixed with
 * the health-industry prefix 80840 (45 CFR 162.406), which adds a constant 24.
 */
final class Npi {

	private Npi() {
	}

	static boolean isValid(String npi) {
		if (npi == null || !npi.matches("\\d{10}")) {
			return false;
		}
		int sum = 24;
		for (int i = 8; i >= 0; i--) {
			int digit = npi.charAt(i) - '0';
			if ((8 - i) % 2 == 0) {
				digit *= 2;
				if (digit > 9) {
					digit -= 9;
				}
			}
			sum += digit;
		}
		return (10 - sum % 10) % 10 == npi.charAt(9) - '0';
	}

}
