package org.recordhub.authorization;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recordhub.rules.RuleSetException;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Loading and hot-reloading the authorization rules, on a copy of rules/authorization.
 */
class AuthorizationRulesTests {

	private static final Clock TODAY = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

	@TempDir
	Path rules;

	private Path folder;

	@BeforeEach
	void copyRules() throws IOException {
		this.folder = this.rules.resolve("authorization");
		FileSystemUtils.copyRecursively(Path.of("rules/authorization"), this.folder);
	}

	@Test
	void shouldActivateTheRulesWhenEveryScenarioPasses() {
		AuthorizationRules rules = new AuthorizationRules(this.rules, TODAY, 30);
		assertThat(rules.status().accepted()).isTrue();
		assertThat(rules.status().scenarios()).isGreaterThanOrEqualTo(60);
		assertThat(rules.status().activeVersion()).startsWith("authorization@");
	}

	@Test
	void shouldRefuseToStartWithRulesThatFailTheirScenarios() throws IOException {
		Files.delete(this.folder.resolve("validity.drl"));
		assertThatExceptionOfType(RuleSetException.class)
			.isThrownBy(() -> new AuthorizationRules(this.rules, TODAY, 30))
			.withMessageContaining("scenarios fail")
			.withMessageContaining("Expired the day before");
	}

	@Test
	void shouldKeepTheActiveRulesWhenAChangedFileDoesNotCompile() throws IOException {
		AuthorizationRules rules = new AuthorizationRules(this.rules, TODAY, 30);
		String active = rules.status().activeVersion();
		Files.writeString(this.folder.resolve("typo.drl"),
				"package rules.authorization;\nrule \"Typo\" when Nothing() then end\n");
		rules.reloadIfChanged();
		assertThat(rules.status().accepted()).isFalse();
		assertThat(rules.status().activeVersion()).isEqualTo(active);
		assertThat(rules.status().attemptedVersion()).isNull();
		assertThat(String.join("\n", rules.status().problems())).contains("does not compile", "Nothing");
		assertThat(rules.check(Forms.unsigned()).ruleSetVersion()).isEqualTo(active);
	}

	@Test
	void shouldKeepTheActiveRulesWhenAChangeBreaksAScenario() throws IOException {
		AuthorizationRules rules = new AuthorizationRules(this.rules, TODAY, 30);
		String active = rules.status().activeVersion();
		Path file = this.folder.resolve("validity.drl");
		// a staff member moves the expiry by a day and forgets a scenario
		Files.writeString(file, Files.readString(file).replace("expiredOn($asOf)", "expiredOn($asOf.minusDays(1))"));
		rules.reloadIfChanged();
		assertThat(rules.status().accepted()).isFalse();
		assertThat(rules.status().activeVersion()).isEqualTo(active);
		assertThat(rules.status().attemptedVersion()).isNotEqualTo(active);
		assertThat(rules.status().problems()).anySatisfy((p) -> assertThat(p).contains("Expired the day before"));
	}

	@Test
	void shouldActivateAChangeWhoseScenariosPass() throws IOException {
		AuthorizationRules rules = new AuthorizationRules(this.rules, TODAY, 30);
		String before = rules.status().activeVersion();
		Path file = this.folder.resolve("core-elements.drl");
		Files.writeString(file, Files.readString(file).replace("The authorization is not signed.", "Not signed."));
		rules.reloadIfChanged();
		assertThat(rules.status().accepted()).isTrue();
		assertThat(rules.status().activeVersion()).isNotEqualTo(before);
		Verdict verdict = rules.check(Forms.unsigned());
		assertThat(verdict.ruleSetVersion()).isEqualTo(rules.status().activeVersion());
		assertThat(verdict.findings()).anySatisfy((f) -> assertThat(f.message()).isEqualTo("Not signed."));
	}

	@Test
	void shouldNotReloadWhenNothingChanged() {
		AuthorizationRules rules = new AuthorizationRules(this.rules, TODAY, 30);
		org.recordhub.rules.LiveRuleSet.Status status = rules.status();
		rules.reloadIfChanged();
		assertThat(rules.status()).isSameAs(status);
	}

	@Test
	void shouldNameTheRulesThatFired() {
		AuthorizationRules rules = new AuthorizationRules(this.rules, TODAY, 30);
		Verdict verdict = rules.check(Forms.unsigned());
		assertThat(verdict.decision()).isEqualTo(Verdict.Decision.REJECT);
		assertThat(verdict.rulesFired()).contains("SignatureMissing");
		assertThat(verdict.findings()).anySatisfy((finding) -> {
			assertThat(finding.code()).isEqualTo("SIGNATURE_MISSING");
			assertThat(finding.citation()).isEqualTo("45 CFR 164.508(c)(1)(vi)");
		});
	}

	/** Authorizations for these tests. */
	static final class Forms {

		static org.recordhub.request.AuthorizationForm unsigned() {
			return new org.recordhub.request.AuthorizationForm(null, false, null, null, null, null, null, null, null,
					null, null, null, null, null, null, null, null, null, null, null, null, null);
		}

	}

}
