package org.recordhub.authorization;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import org.recordhub.request.AuthorizationForm;
import org.recordhub.rules.RuleSet;
import org.recordhub.rules.RuleSet.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The rules in {@code rules/authorization/}: is this authorization valid, and for this
 * leg?
 *
 * <p>
 * Rules are hot-reloaded: when a file in the folder changes, the new rules are compiled
 * and every scenario in {@code scenarios/} is run against them; only if both succeed do
 * they replace the active rules. Otherwise the active rules stay and {@link #status()}
 * says why.
 */
@Component
public class AuthorizationRules {

	private static final Logger logger = LoggerFactory.getLogger(AuthorizationRules.class);

	private final Path folder;

	private final Clock clock;

	private final int expiresSoonDays;

	private final AtomicReference<RuleSet> active = new AtomicReference<>();

	private volatile Status status;

	private volatile String fingerprint;

	AuthorizationRules(@Value("${recordhub.rules.directory}") Path rulesDirectory, Clock clock,
			@Value("${recordhub.authorization.expires-soon-days:30}") int expiresSoonDays) {
		this.folder = rulesDirectory.resolve("authorization");
		this.clock = clock;
		this.expiresSoonDays = expiresSoonDays;
		Status loaded = reload();
		if (!loaded.accepted()) {
			// at start-up there are no older rules to fall back on
			throw new org.recordhub.rules.RuleSetException(
					"Authorization rules not loaded: " + String.join("; ", loaded.problems()));
		}
	}

	/** Checks an authorization on its own, today, with no state law. */
	public Verdict check(AuthorizationForm form) {
		return check(new AuthorizationCheck(null, null, form, null));
	}

	/** Checks with the active rules. */
	public Verdict check(AuthorizationCheck check) {
		return evaluate(this.active.get(), check);
	}

	/** The active rules' version, and how the last reload went. */
	public Status status() {
		return this.status;
	}

	/** Reloads when any file of the rule set (rules or scenarios) changed. */
	@Scheduled(fixedDelayString = "${recordhub.rules.reload-interval:2s}",
			initialDelayString = "${recordhub.rules.reload-interval:2s}")
	public void reloadIfChanged() {
		if (!RuleSet.fingerprint(this.folder).equals(this.fingerprint)) {
			reload();
		}
	}

	/**
	 * Compiles the folder and runs its scenarios; activates the result only if both
	 * succeed.
	 */
	public synchronized Status reload() {
		this.fingerprint = RuleSet.fingerprint(this.folder);
		RuleSet current = this.active.get();
		String attempted = null;
		List<String> problems = new ArrayList<>();
		try {
			RuleSet candidate = RuleSet.load(this.folder);
			attempted = candidate.version();
			List<Scenarios.Result> results = Scenarios.load(this.folder.resolve("scenarios"))
				.run((check) -> evaluate(candidate, check));
			results.stream().filter((r) -> !r.passed()).forEach((r) -> problems.add(r.describe()));
			if (problems.isEmpty()) {
				this.active.set(candidate);
				this.status = new Status(candidate.version(), attempted, true, results.size(), List.of(),
						this.clock.instant());
				logger.info("Authorization rules {} active ({} scenarios pass)", candidate.version(), results.size());
				return this.status;
			}
			problems.add(0, problems.size() + " of " + results.size() + " scenarios fail");
		}
		catch (RuntimeException ex) {
			problems.add(ex.getMessage());
		}
		this.status = new Status((current != null) ? current.version() : null, attempted, false, 0,
				List.copyOf(problems), this.clock.instant());
		logger.error("Authorization rules {} rejected, {} stay active: {}", attempted,
				(current != null) ? current.version() : "none", String.join("\n", problems));
		return this.status;
	}

	private Verdict evaluate(RuleSet rules, AuthorizationCheck check) {
		return evaluate(rules, check, LocalDate.now(this.clock), this.expiresSoonDays);
	}

	/** Runs a check through a rule set, active or not. */
	static Verdict evaluate(RuleSet rules, AuthorizationCheck check, LocalDate today, int expiresSoonDays) {
		LocalDate asOf = (check.asOf() != null) ? check.asOf() : today;
		String jurisdiction = (check.jurisdiction() != null) ? check.jurisdiction().trim().toUpperCase(Locale.ROOT)
				: null;
		Authorization authorization = new Authorization(check.authorization());
		List<Object> facts = new ArrayList<>();
		facts.add(authorization);
		facts.add(new CheckContext(asOf, jurisdiction, expiresSoonDays));
		authorization.getCategories().forEach((category) -> facts.add(new CoveredCategory(category)));
		if (check.leg() != null) {
			facts.add(new Leg(check.leg()));
		}
		Outcome<Finding> outcome = rules.evaluate(facts, "findings", "$finding", Finding.class);
		return Verdict.of(outcome.results(), outcome.ruleSetVersion(), outcome.rulesFired());
	}

	/**
	 * @param activeVersion the rules in force
	 * @param attemptedVersion the rules last compiled (may differ when they were
	 * rejected)
	 * @param accepted whether the last reload activated them
	 * @param scenarios how many scenarios passed
	 * @param problems compilation errors and failing scenarios of a rejected reload
	 */
	public record Status(String activeVersion, String attemptedVersion, boolean accepted, int scenarios,
			List<String> problems, Instant at) {
	}

}
