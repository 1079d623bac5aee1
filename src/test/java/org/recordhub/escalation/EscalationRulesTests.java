package org.recordhub.escalation;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.recordhub.rules.RuleSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EscalationRulesTests {

	private static final Path FOLDER = Path.of("rules/escalation");

	private static final ZoneId ZONE = ZoneId.of("America/New_York");

	private final BusinessCalendar calendar = BusinessCalendar.read(Path.of("rules/calendar/holidays.csv"));

	@TestFactory
	Stream<DynamicTest> scenarios() {
		RuleSet rules = RuleSet.load(FOLDER);
		return EscalationRules.scenarios(FOLDER.resolve("scenarios"))
			.stream()
			.map((scenario) -> DynamicTest.dynamicTest(scenario.name(), () -> {
				var result = scenario.run(rules, this.calendar, ZONE);
				assertThat(result.passed()).as(result.description()).isTrue();
			}));
	}

	@Test
	void shouldCountBusinessDaysWithTheJurisdictionsHolidays() {
		// Wednesday before Thanksgiving to the Monday after
		LocalDate wednesday = LocalDate.of(2026, 11, 25);
		LocalDate monday = LocalDate.of(2026, 11, 30);
		assertThat(this.calendar.businessDaysBetween(wednesday, monday, "NY")).isEqualTo(2);
		assertThat(this.calendar.businessDaysBetween(wednesday, monday, "CA")).isEqualTo(1);
		assertThat(this.calendar.businessDaysBetween(wednesday, monday, null)).isEqualTo(2);
		assertThat(this.calendar.nextBusinessDay(wednesday, "TX")).isEqualTo(monday);
		assertThat(this.calendar.isBusinessDay(LocalDate.of(2026, 11, 28), "NY")).isFalse();
	}

	@Test
	void shouldNameEveryReasonForAnEscalationThatAppliesForTwo(@org.junit.jupiter.api.io.TempDir Path folder)
			throws Exception {
		// a patient's own request submitted on a Saturday: on day 20 of its HIPAA clock,
		// 15 business days have passed too
		java.nio.file.Files.writeString(folder.resolve("saturday.yaml"),
				"""
						scenarios:
						  - name: both
						    given: {purpose: AT_REQUEST_OF_INDIVIDUAL, submitted: 2026-11-28, followUps: 2, lastFollowUp: 2026-12-17, now: 2026-12-18}
						""");
		EscalationRules.Given given = EscalationRules.scenarios(folder).get(0).given();
		var decisions = EscalationRules.decide(RuleSet.load(FOLDER), java.util.List.of(given.history(ZONE)),
				given.instant(given.now(), ZONE), this.calendar, ZONE);
		assertThat(decisions.actions().get("scenario-leg")).singleElement().satisfies((action) -> {
			assertThat(action.type()).isEqualTo("ESCALATE");
			assertThat(action.level()).isEqualTo(1);
			assertThat(action.why()).isEqualTo("patient access request: day 20 of the HIPAA 30-day clock "
					+ "(45 CFR 164.524(b)(2)); no records 15 business days after submission");
		});
	}

	@Test
	void shouldRefuseAHolidayFileWithABadLine(@org.junit.jupiter.api.io.TempDir Path folder) throws Exception {
		Path file = folder.resolve("holidays.csv");
		java.nio.file.Files.writeString(file, "jurisdiction,date,name\nUS,2026-13-01,Nonsense\n");
		assertThatThrownBy(() -> BusinessCalendar.read(file)).hasMessageContaining("line 2");
	}

}
