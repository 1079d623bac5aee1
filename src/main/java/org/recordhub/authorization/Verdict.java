package org.recordhub.authorization;

import java.util.List;

/**
 * The answer of the authorization rules: any ERROR rejects, any WARNING accepts with
 * warnings.
 */
public record Verdict(Decision decision, List<Finding> findings, String ruleSetVersion, List<String> rulesFired) {

	public static Verdict of(List<Finding> findings, String ruleSetVersion, List<String> rulesFired) {
		Decision decision = Decision.ACCEPT;
		if (findings.stream().anyMatch((f) -> f.severity() == Finding.Severity.ERROR)) {
			decision = Decision.REJECT;
		}
		else if (!findings.isEmpty()) {
			decision = Decision.ACCEPT_WITH_WARNINGS;
		}
		return new Verdict(decision, List.copyOf(findings), ruleSetVersion, rulesFired);
	}

	/** One line for the timeline: the decision and each finding's code and citation. */
	public String summary() {
		if (this.findings.isEmpty()) {
			return "Authorization " + this.decision;
		}
		return "Authorization " + this.decision + ": " + String.join("; ",
				this.findings.stream().map((f) -> f.code() + " (" + f.citation() + ") " + f.message()).toList());
	}

	public enum Decision {

		ACCEPT, ACCEPT_WITH_WARNINGS, REJECT

	}

}
