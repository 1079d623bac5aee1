package org.recordhub.authorization;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import org.recordhub.request.AuthorizationForm;
import org.recordhub.rules.RuleSet;
import org.recordhub.rules.RuleSet.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The rules in {@code rules/authorization/}: is this authorization valid? */
@Component
public class AuthorizationRules {

	private static final Logger logger = LoggerFactory.getLogger(AuthorizationRules.class);

	private final RuleSet rules;

	private final Clock clock;

	AuthorizationRules(@Value("${recordhub.rules.directory}") Path rulesDirectory, Clock clock) {
		this.rules = RuleSet.load(rulesDirectory.resolve("authorization"));
		this.clock = clock;
		logger.info("Loaded rule set {}", this.rules.version());
	}

	public Verdict check(AuthorizationForm form) {
		return check(form, LocalDate.now(this.clock));
	}

	public Verdict check(AuthorizationForm form, LocalDate asOf) {
		Outcome<Finding> outcome = this.rules.evaluate(List.of(new Authorization(form, asOf)), "findings", "$finding",
				Finding.class);
		return Verdict.of(outcome.results(), outcome.ruleSetVersion(), outcome.rulesFired());
	}

}
