package org.recordhub.authorization;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.recordhub.rules.RuleSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Every scenario in rules/authorization/scenarios, one test result each. */
class AuthorizationScenariosTests {

	private static final Path FOLDER = Path.of("rules/authorization");

	@TestFactory
	Stream<DynamicTest> scenarios() {
		RuleSet rules = RuleSet.load(FOLDER);
		return Scenarios.load(FOLDER.resolve("scenarios"))
			.all()
			.stream()
			.map((scenario) -> DynamicTest.dynamicTest(scenario.file() + ": " + scenario.name(), () -> {
				Scenarios.Result result = scenario
					.run((check) -> AuthorizationRules.evaluate(rules, check, LocalDate.now(), 30));
				assertThat(result.passed()).as(result.describe()).isTrue();
			}));
	}

}
