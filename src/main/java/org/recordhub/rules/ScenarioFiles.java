package org.recordhub.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The scenario files of a rule set ({@code scenarios/*.yaml}, each a {@code scenarios:}
 * list), read in file order into the rule set's own scenario type.
 */
public final class ScenarioFiles {

	// a scenario that leaves out a number or a flag means 0 or false
	private static final YAMLMapper YAML = YAMLMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	private ScenarioFiles() {
	}

	/** Every scenario in the folder's YAML files; none when there is no folder. */
	public static <S> List<S> read(Path folder, Class<S> type) {
		if (!Files.isDirectory(folder)) {
			return List.of();
		}
		JavaType listing = YAML.getTypeFactory().constructParametricType(Listing.class, type);
		List<S> scenarios = new ArrayList<>();
		try (Stream<Path> files = Files.list(folder)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".yaml")).sorted().toList()) {
				Listing<S> read = YAML.readValue(Files.readString(file), listing);
				scenarios.addAll(read.scenarios());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return scenarios;
	}

	record Listing<S>(List<S> scenarios) {
	}

}
