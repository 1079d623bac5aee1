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
	void shouldRefuseAHolidayFileWithABadLine(@org.junit.jupiter.api.io.TempDir Path folder) throws Exception {
		Path file = folder.resolve("holidays.csv");
		java.nio.file.Files.writeString(file, "jurisdiction,date,name\nUS,2026-13-01,Nonsense\n");
		assertThatThrownBy(() -> BusinessCalendar.read(file)).hasMessageContaining("line 2");
	}

}
