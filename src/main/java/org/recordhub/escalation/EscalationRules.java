package org.recordhub.escalation;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.recordhub.rules.LiveRuleSet;
import org.recordhub.rules.LiveTable;
import org.recordhub.rules.RuleSet;
import org.recordhub.rules.ScenarioFiles;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The rules in {@code rules/escalation/} (a decision table staff edit and a DRL file):
 * what to do now for each waiting leg. Hot-reloaded like every rule set, with the
 * scenarios in {@code rules/escalation/scenarios/}; business days come from
 * {@code rules/calendar/holidays.csv}.
 */
@Component
public class EscalationRules {

	private final LiveRuleSet rules;

	private final LiveTable<BusinessCalendar> calendar;

	private final ZoneId zone;

	EscalationRules(@Value("${recordhub.rules.directory}") Path rulesDirectory,
			@Value("${recordhub.escalation.zone:America/New_York}") ZoneId zone, Clock clock) {
		this.zone = zone;
		this.calendar = new LiveTable<>("Holiday calendar", rulesDirectory.resolve("calendar/holidays.csv"),
				BusinessCalendar::read);
		Path folder = rulesDirectory.resolve("escalation");
		this.rules = new LiveRuleSet(folder,
				(candidate) -> scenarios(folder.resolve("scenarios"), candidate, this.calendar.get(), zone), clock);
	}

	public BusinessCalendar calendar() {
		return this.calendar.get();
	}

	public ZoneId zone() {
		return this.zone;
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

	/** What to do now for each of the legs (by leg id), with the rules that decided. */
	public Decisions decide(List<LegHistory> legs, Instant now) {
		return decide(this.rules.active(), legs, now, this.calendar.get(), this.zone);
	}

	static Decisions decide(RuleSet rules, List<LegHistory> legs, Instant now, BusinessCalendar calendar, ZoneId zone) {
		List<Object> facts = new ArrayList<>();
		legs.forEach((leg) -> facts.add(leg.at(now, calendar, zone)));
		RuleSet.Outcome<EscalationAction> outcome = rules.evaluate(facts, "actions", "$action", EscalationAction.class);
		Map<String, List<EscalationAction>> byLeg = new LinkedHashMap<>();
		legs.forEach((leg) -> byLeg.put(leg.legId(), new ArrayList<>()));
		for (EscalationAction action : outcome.results()) {
			List<EscalationAction> actions = byLeg.get(action.legId());
			if (actions == null) {
				continue;
			}
			// one escalation at a time: the highest level that applies, for every reason
			// it applies
			if (action.type().equals("ESCALATE")) {
				EscalationAction other = actions.stream()
					.filter((a) -> a.type().equals("ESCALATE"))
					.findFirst()
					.orElse(null);
				if (other != null && other.level() > action.level()) {
					continue;
				}
				actions.remove(other);
				if (other != null && other.level() == action.level()) {
					actions.add(other.alongside(action));
					continue;
				}
			}
			else if (actions.stream().anyMatch((a) -> a.type().equals(action.type()))) {
				continue;
			}
			actions.add(action);
		}
		byLeg.values().forEach((actions) -> actions.sort(Comparator.comparing(EscalationAction::type)));
		return new Decisions(byLeg, outcome.ruleSetVersion(), outcome.rulesFired());
	}

	/** Runs every scenario of the folder against rules, active or not. */
	public static List<LiveRuleSet.Scenario> scenarios(Path folder, RuleSet rules, BusinessCalendar calendar,
			ZoneId zone) {
		return scenarios(folder).stream().map((scenario) -> scenario.run(rules, calendar, zone)).toList();
	}

	static List<Scenario> scenarios(Path folder) {
		return ScenarioFiles.read(folder, Scenario.class);
	}

	/**
	 * What the rules decided for each leg, and with which rules.
	 *
	 * @param actions by leg id, each leg's actions (none for most)
	 */
	public record Decisions(Map<String, List<EscalationAction>> actions, String ruleSetVersion,
			List<String> rulesFired) {
	}

	/**
	 * Given a leg's history and "now", the actions expected ("TYPE", or "ESCALATE 1").
	 */
	record Scenario(String name, Given given, List<String> expect) {

		LiveRuleSet.Scenario run(RuleSet rules, BusinessCalendar calendar, ZoneId zone) {
			LegHistory leg = this.given.history(zone);
			List<String> actual = decide(rules, List.of(leg), this.given.instant(this.given.now(), zone), calendar,
					zone)
				.actions()
				.get(leg.legId())
				.stream()
				.map((a) -> a.type() + ((a.level() > 0) ? " " + a.level() : ""))
				.sorted()
				.toList();
			List<String> expected = ((this.expect != null) ? this.expect : List.<String>of()).stream()
				.sorted()
				.toList();
			boolean passed = expected.equals(actual);
			return new LiveRuleSet.Scenario(passed, (passed ? "PASS  " : "FAIL  ") + this.name
					+ (passed ? "" : "\n      expected " + expected + "\n      got      " + actual));
		}

	}

	/**
	 * A leg's history in a scenario: dates (noon in RecordHub's zone) and counts. State
	 * SUBMITTED, submitted on {@code submitted}, and no follow-ups unless said.
	 */
	record Given(String state, String channel, String purpose, String jurisdiction, LocalDate submitted,
			LocalDate stateSince, LocalDate now, int followUps, Integer followUpsOnChannel, LocalDate lastFollowUp,
			LocalDate lastContact, LocalDate requesterAsked, int escalationLevel, boolean overdue, boolean extended,
			Boolean hasFallback, BigDecimal feeQuote, BigDecimal feeLimit) {

		LegHistory history(ZoneId zone) {
			return new LegHistory("scenario-leg", (this.state != null) ? this.state : "SUBMITTED",
					(this.channel != null) ? this.channel : "fax", (this.purpose != null) ? this.purpose : "LITIGATION",
					"ROUTINE", this.jurisdiction, instant(this.submitted, zone),
					instant((this.stateSince != null) ? this.stateSince : this.submitted, zone), this.followUps,
					(this.followUpsOnChannel != null) ? this.followUpsOnChannel : this.followUps,
					instant(this.lastFollowUp, zone), instant(this.lastContact, zone),
					instant(this.requesterAsked, zone), this.escalationLevel, this.overdue, this.extended,
					this.hasFallback == null || this.hasFallback, null, this.feeQuote, this.feeLimit);
		}

		Instant instant(LocalDate day, ZoneId zone) {
			return (day != null) ? day.atTime(LocalTime.NOON).atZone(zone).toInstant() : null;
		}

	}

}
