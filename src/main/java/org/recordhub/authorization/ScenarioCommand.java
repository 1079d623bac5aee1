package org.recordhub.authorization;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import ch.qos.logback.classic.Level;
import org.recordhub.rules.RuleSet;
import org.recordhub.rules.RuleSetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code scripts/rule-scenarios}: compiles the authorization rules and prints a pass/fail
 * table of their scenarios, for compliance staff checking a change before it goes live.
 * Exits 1 when a scenario fails, 2 when the rules do not compile.
 */
public final class ScenarioCommand {

	private ScenarioCommand() {
	}

	public static void main(String[] args) {
		((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
		Path folder = Path.of((args.length > 0) ? args[0] : "rules/authorization");
		RuleSet rules;
		try {
			rules = RuleSet.load(folder);
		}
		catch (RuleSetException ex) {
			System.out.println(ex.getMessage());
			System.exit(2);
			return;
		}
		List<Scenarios.Result> results = Scenarios.load(folder.resolve("scenarios"))
			.run((check) -> AuthorizationRules.evaluate(rules, check, LocalDate.now(), 30));
		int width = results.stream().mapToInt((r) -> r.scenario().name().length()).max().orElse(10);
		System.out.println("Rule set " + rules.version());
		System.out.printf("%-6s %-24s %-" + width + "s  %s%n", "RESULT", "FILE", "SCENARIO", "DECISION AND CODES");
		for (Scenarios.Result result : results) {
			System.out.printf("%-6s %-24s %-" + width + "s  %s %s%n", result.passed() ? "PASS" : "FAIL",
					result.scenario().file(), result.scenario().name(), result.decision(), result.codes());
			if (!result.passed()) {
				System.out.printf("%-6s %-24s %-" + width + "s  expected %s %s%n", "", "", "",
						result.scenario().decision(), result.scenario().codes());
			}
		}
		long failed = results.stream().filter((r) -> !r.passed()).count();
		System.out.println((results.size() - failed) + " passed, " + failed + " failed");
		System.exit((failed == 0) ? 0 : 1);
	}

}
