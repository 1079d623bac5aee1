package org.recordhub;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import ch.qos.logback.classic.Level;
import org.recordhub.authorization.AuthorizationRules;
import org.recordhub.channel.ChannelRules;
import org.recordhub.escalation.BusinessCalendar;
import org.recordhub.escalation.EscalationRules;
import org.recordhub.rules.LiveRuleSet;
import org.recordhub.rules.RuleSet;
import org.recordhub.rules.RuleSetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code scripts/rule-scenarios [folder]}: compiles a rule set
 * ({@code rules/authorization} by default, {@code rules/channel} or
 * {@code rules/escalation}) and prints every scenario as PASS or FAIL, for staff checking
 * a change before it goes live. Exits 1 when a scenario fails, 2 when the rules do not
 * compile.
 */
public final class RuleScenarios {

	private static final Map<String, BiFunction<Path, RuleSet, List<LiveRuleSet.Scenario>>> RUNNERS = Map.of(
			"authorization", (folder, rules) -> AuthorizationRules.scenarios(folder, rules), "channel",
			(folder, rules) -> ChannelRules.scenarios(folder, rules), "escalation",
			(folder, rules) -> EscalationRules.scenarios(folder, rules,
					BusinessCalendar.read(folder.getParent().getParent().resolve("calendar/holidays.csv")),
					ZoneId.of(System.getProperty("recordhub.escalation.zone", "America/New_York"))));

	private RuleScenarios() {
	}

	public static void main(String[] args) {
		((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
		Path folder = Path.of((args.length > 0) ? args[0] : "rules/authorization").toAbsolutePath().normalize();
		BiFunction<Path, RuleSet, List<LiveRuleSet.Scenario>> runner = RUNNERS.get(folder.getFileName().toString());
		if (runner == null) {
			System.out.println("No rule set " + folder.getFileName() + "; known: " + RUNNERS.keySet());
			System.exit(2);
			return;
		}
		RuleSet rules;
		try {
			rules = RuleSet.load(folder);
		}
		catch (RuleSetException ex) {
			System.out.println(ex.getMessage());
			System.exit(2);
			return;
		}
		List<LiveRuleSet.Scenario> results = runner.apply(folder.resolve("scenarios"), rules);
		System.out.println("Rule set " + rules.version());
		results.forEach((result) -> System.out.println(result.description()));
		long failed = results.stream().filter((r) -> !r.passed()).count();
		System.out.println((results.size() - failed) + " passed, " + failed + " failed");
		System.exit((failed == 0) ? 0 : 1);
	}

}
