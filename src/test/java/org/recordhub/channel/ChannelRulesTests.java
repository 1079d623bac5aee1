package org.recordhub.channel;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.recordhub.rules.RuleSet;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelRulesTests {

	private static final Path FOLDER = Path.of("rules/channel");

	@TestFactory
	Stream<DynamicTest> scenarios() {
		RuleSet rules = RuleSet.load(FOLDER);
		return ChannelRules.scenarios(FOLDER.resolve("scenarios"))
			.stream()
			.map((scenario) -> DynamicTest.dynamicTest(scenario.name(), () -> {
				var result = scenario.run(rules);
				assertThat(result.passed()).as(result.description()).isTrue();
			}));
	}

	@Test
	void shouldExplainEveryChannelsPoints() {
		ChannelRules rules = new ChannelRules(Path.of("rules"), Clock.systemUTC());
		ChannelDecision decision = rules.decide(new ChannelRequest("ROUTINE", List.of("IMAGING"), null),
				List.of(new ChannelOption("fax", true, 0, -1), new ChannelOption("sftp", false, 0, -1)));
		assertThat(decision.channel()).isEqualTo("sftp");
		assertThat(decision.fallbacks()).containsExactly("fax");
		assertThat(decision.reason())
			.startsWith("sftp 60 (secure file transfer +35; imaging studies are large files +25)")
			.contains("fax 0 (", "imaging cannot be faxed -50", "the provider's preferred channel +30");
		assertThat(decision.ruleSetVersion()).startsWith("channel@");
		assertThat(decision.rulesFired()).contains("ProviderPreferredChannel", "Imaging by SFTP");
	}

	@Test
	void shouldDecideNothingWithoutOptions() {
		ChannelRules rules = new ChannelRules(Path.of("rules"), Clock.systemUTC());
		assertThat(rules.decide(new ChannelRequest("ROUTINE", List.of(), null), List.of()).channel()).isNull();
	}

}
