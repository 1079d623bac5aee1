package org.recordhub.provider;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NpiTests {

	@Test
	void shouldAcceptNpisWithTheirLuhnCheckDigit() {
		// CMS' own example, and one whose check digit is 0
		assertThat(Npi.isValid("1234567893")).isTrue();
		assertThat(Npi.isValid("1000000004")).isTrue();
	}

	@Test
	void shouldRefuseWrongCheckDigitsAndMalformedNumbers() {
		assertThat(Npi.isValid("1234567890")).isFalse();
		assertThat(Npi.isValid("123456789")).isFalse();
		assertThat(Npi.isValid("12345678931")).isFalse();
		assertThat(Npi.isValid("12345A7893")).isFalse();
		assertThat(Npi.isValid(null)).isFalse();
	}

}
