package org.recordhub.authorization;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.recordhub.request.AuthorizationForm;
import org.recordhub.rules.LiveRuleSet;
import org.recordhub.rules.RuleSet;
import org.recordhub.rules.RuleSet.Outcome;

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

	private final Clock clock;

	private final int expiresSoonDays;

	private final LiveRuleSet rules;

	AuthorizationRules(@Value("${recordhub.rules.directory}") Path rulesDirectory, Clock clock,
			@Value("${recordhub.authorization.expires-soon-days:30}") int expiresSoonDays) {
		this.clock = clock;
		this.expiresSoonDays = expiresSoonDays;
		Path folder = rulesDirectory.resolve("authorization");
		this.rules = new LiveRuleSet(folder,
				(candidate) -> scenarios(folder.resolve("scenarios"), candidate, LocalDate.now(clock), expiresSoonDays),
				clock);
	}

	/**
	 * Runs every scenario of the folder against rules, active or not (as of today, 30-day
	 * warning).
	 */
	public static List<LiveRuleSet.Scenario> scenarios(Path folder, RuleSet rules) {
		return scenarios(folder, rules, LocalDate.now(), 30);
	}

	private static List<LiveRuleSet.Scenario> scenarios(Path folder, RuleSet rules, LocalDate today,
			int expiresSoonDays) {
		return Scenarios.load(folder)
			.run((check) -> evaluate(rules, check, today, expiresSoonDays))
			.stream()
			.map((result) -> new LiveRuleSet.Scenario(result.passed(), result.describe()))
			.toList();
	}

	/** Checks an authorization on its own, today, with no state law. */
	public Verdict check(AuthorizationForm form) {
		return check(new AuthorizationCheck(null, null, form, null));
	}

	/** Checks with the active rules. */
	public Verdict check(AuthorizationCheck check) {
		return evaluate(this.rules.active(), check);
	}

	/** The active rules' version, and how the last reload went. */
	public LiveRuleSet.Status status() {
		return this.rules.status();
	}

	/** How every scenario of the rule set fares against the active rules. */
	public List<LiveRuleSet.Scenario> scenarios() {
		return this.rules.scenarios();
	}

	/** Reloads when any file of the rule set (rules or scenarios) changed. */
	@Scheduled(fixedDelayString = "${recordhub.rules.reload-interval:2s}",
			initialDelayString = "${recordhub.rules.reload-interval:2s}")
	public void reloadIfChanged() {
		this.rules.reloadIfChanged();
	}

	/**
	 * Compiles the folder and runs its scenarios; activates the result only if both
	 * succeed.
	 */
	public LiveRuleSet.Status reload() {
		return this.rules.reload();
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

}
