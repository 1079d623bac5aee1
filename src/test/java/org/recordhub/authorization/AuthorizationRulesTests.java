package org.recordhub.authorization;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.recordhub.request.AuthorizationForm;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules in rules/authorization as compliance staff wrote them. */
class AuthorizationRulesTests {

	private final AuthorizationRules rules = new AuthorizationRules(Path.of("rules"),
			Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC));

	@Test
	void shouldRejectAnAuthorizationWithoutSignatureDateCitingTheRegulation() {
		Verdict verdict = this.rules.check(authorization(null));
		assertThat(verdict.decision()).isEqualTo(Verdict.Decision.REJECT);
		assertThat(verdict.findings()).singleElement().satisfies((finding) -> {
			assertThat(finding.code()).isEqualTo("AUTH-SIGNATURE-DATE-MISSING");
			assertThat(finding.severity()).isEqualTo(Finding.Severity.ERROR);
			assertThat(finding.citation()).isEqualTo("45 CFR 164.508(c)(1)(vi)");
		});
		assertThat(verdict.rulesFired()).containsExactly("SignatureDateMissing");
		assertThat(verdict.ruleSetVersion()).startsWith("authorization@");
		assertThat(verdict.summary()).contains("REJECT", "AUTH-SIGNATURE-DATE-MISSING", "45 CFR 164.508(c)(1)(vi)");
	}

	@Test
	void shouldAcceptASignedAndDatedAuthorization() {
		Verdict verdict = this.rules.check(authorization(LocalDate.of(2026, 10, 1)));
		assertThat(verdict.decision()).isEqualTo(Verdict.Decision.ACCEPT);
		assertThat(verdict.findings()).isEmpty();
	}

	private static AuthorizationForm authorization(LocalDate signatureDate) {
		return new AuthorizationForm(null, true, signatureDate, null, null, null, null, null, null, null, null, null,
				null, null, null, null, null, null, null, null, null, null);
	}

}
