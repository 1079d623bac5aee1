package org.recordhub.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RuleSetTests {

	@Test
	void shouldCompileEveryRuleSetInTheRulesFolderWithoutErrors() throws IOException {
		// a Drools rule set is a folder with DRL files (messages/ is a plain table)
		List<Path> sets;
		try (Stream<Path> folders = Files.list(Path.of("rules"))) {
			sets = folders.filter(Files::isDirectory).filter(RuleSetTests::hasDrl).toList();
		}
		assertThat(sets).isNotEmpty();
		for (Path set : sets) {
			assertThat(RuleSet.load(set).version()).startsWith(set.getFileName() + "@");
		}
	}

	private static boolean hasDrl(Path folder) {
		try (Stream<Path> files = Files.list(folder)) {
			return files.anyMatch((file) -> file.toString().endsWith(".drl"));
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@Test
	void shouldRefuseARuleSetThatDoesNotCompileAndSayWhy(@TempDir Path rules) throws IOException {
		Path set = Files.createDirectories(rules.resolve("broken"));
		Files.writeString(set.resolve("typo.drl"), """
				package rules.broken;
				rule "Typo" when NoSuchFact() then end
				""");
		assertThatExceptionOfType(RuleSetException.class).isThrownBy(() -> RuleSet.load(set))
			.withMessageContaining("broken does not compile")
			.withMessageContaining("NoSuchFact");
	}

	@Test
	void shouldVersionARuleSetByItsContent(@TempDir Path rules) throws IOException {
		Path set = Files.createDirectories(rules.resolve("sample"));
		Files.writeString(set.resolve("a.drl"), "package rules.sample;\nrule \"A\" when then end\n");
		String first = RuleSet.load(set).version();
		assertThat(RuleSet.load(set).version()).isEqualTo(first);
		Files.writeString(set.resolve("a.drl"), "package rules.sample;\nrule \"B\" when then end\n");
		assertThat(RuleSet.load(set).version()).isNotEqualTo(first).startsWith("sample@");
	}

}
