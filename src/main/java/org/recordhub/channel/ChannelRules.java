package org.recordhub.channel;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.recordhub.rules.LiveRuleSet;
import org.recordhub.rules.RuleSet;
import org.recordhub.rules.ScenarioFiles;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The rules in {@code rules/channel/}: which channel to try first for a leg, and the
 * fallbacks in order. Rules give channels points ({@link ChannelScore}); the most points
 * goes first. Hot-reloaded like every rule set, with the scenarios in
 * {@code rules/channel/scenarios/}.
 */
@Component
public class ChannelRules {

	private final LiveRuleSet rules;

	ChannelRules(@Value("${recordhub.rules.directory}") Path rulesDirectory, Clock clock) {
		Path folder = rulesDirectory.resolve("channel");
		this.rules = new LiveRuleSet(folder, (candidate) -> scenarios(folder.resolve("scenarios"), candidate), clock);
	}

	/** Runs every scenario of the folder against rules, active or not. */
	public static List<LiveRuleSet.Scenario> scenarios(Path folder, RuleSet rules) {
		return scenarios(folder).stream().map((scenario) -> scenario.run(rules)).toList();
	}

	/**
	 * Ranks the options. With no options there is no decision.
	 * @param options the channels the provider can be reached on, in the directory's
	 * order
	 */
	public ChannelDecision decide(ChannelRequest request, List<ChannelOption> options) {
		return decide(this.rules.active(), request, options);
	}

	public LiveRuleSet.Status status() {
		return this.rules.status();
	}

	/** How every scenario of the rule set fares against the active rules. */
	public List<LiveRuleSet.Scenario> scenarios() {
		return this.rules.scenarios();
	}

	@Scheduled(fixedDelayString = "${recordhub.rules.reload-interval:2s}",
			initialDelayString = "${recordhub.rules.reload-interval:2s}")
	public void reloadIfChanged() {
		this.rules.reloadIfChanged();
	}

	static ChannelDecision decide(RuleSet rules, ChannelRequest request, List<ChannelOption> options) {
		List<Object> facts = new ArrayList<>(options);
		facts.add(request);
		RuleSet.Outcome<ChannelScore> outcome = rules.evaluate(facts, "scores", "$score", ChannelScore.class);
		Map<String, List<ChannelScore>> byChannel = new LinkedHashMap<>();
		options.forEach((option) -> byChannel.put(option.channel(), new ArrayList<>()));
		outcome.results()
			.stream()
			.filter((score) -> byChannel.containsKey(score.channel()))
			.forEach((score) -> byChannel.get(score.channel()).add(score));
		List<String> ranked = byChannel.keySet()
			.stream()
			.sorted(Comparator.comparingInt((String channel) -> -points(byChannel.get(channel))))
			.toList();
		List<String> reasons = ranked.stream()
			.map((channel) -> channel + " " + points(byChannel.get(channel)) + " ("
					+ String.join("; ",
							byChannel.get(channel).stream().map((s) -> s.reason() + " " + signed(s.points())).toList())
					+ ")")
			.toList();
		return new ChannelDecision(ranked.isEmpty() ? null : ranked.get(0),
				ranked.isEmpty() ? List.of() : ranked.subList(1, ranked.size()), String.join("; ", reasons),
				outcome.ruleSetVersion(), outcome.rulesFired());
	}

	private static int points(List<ChannelScore> scores) {
		return scores.stream().mapToInt(ChannelScore::points).sum();
	}

	private static String signed(int points) {
		return (points >= 0) ? "+" + points : String.valueOf(points);
	}

	static List<Scenario> scenarios(Path folder) {
		return ScenarioFiles.read(folder, Scenario.class);
	}

	/**
	 * Given a leg and its options, the channel to try first and the fallbacks in order.
	 */
	record Scenario(String name, Given given, Expect expect) {

		LiveRuleSet.Scenario run(RuleSet rules) {
			ChannelDecision decision = decide(rules, new ChannelRequest(this.given.priority(), this.given.recordTypes(),
					this.given.requesterPreference()), this.given.options());
			boolean passed = this.expect.channel().equals(decision.channel())
					&& this.expect.fallbacks().equals(decision.fallbacks());
			return new LiveRuleSet.Scenario(passed,
					(passed ? "PASS  " : "FAIL  ") + this.name
							+ (passed ? ""
									: "\n      expected " + this.expect.channel() + " then " + this.expect.fallbacks()
											+ "\n      got      " + decision.channel() + " then " + decision.fallbacks()
											+ ": " + decision.reason()));
		}

	}

	record Given(String priority, List<String> recordTypes, String requesterPreference, List<ChannelOption> options) {

		Given {
			priority = (priority != null) ? priority : "ROUTINE";
			recordTypes = (recordTypes != null) ? recordTypes : List.of();
		}

	}

	record Expect(String channel, List<String> fallbacks) {

		Expect {
			fallbacks = (fallbacks != null) ? fallbacks : List.of();
		}

	}

}
