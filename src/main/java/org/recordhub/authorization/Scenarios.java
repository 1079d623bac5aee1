package org.recordhub.authorization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The scenarios compliance staff write for the authorization rules: YAML files in
 * {@code rules/authorization/scenarios/}. Each file has a {@code base} check (a valid
 * authorization) and {@code scenarios}, each of which changes the base ({@code given},
 * merged into it; {@code null} removes a field) and states the {@code expect}ed decision
 * and the exact set of finding codes.
 */
public final class Scenarios {

	private static final YAMLMapper YAML = YAMLMapper.builder().build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<Scenario> scenarios;

	private Scenarios(List<Scenario> scenarios) {
		this.scenarios = scenarios;
	}

	/**
	 * Reads every {@code *.yaml} file of the folder; a file that does not parse is an
	 * error. {@code base.yaml} holds the base every file starts from; a file's own
	 * {@code base} changes it.
	 */
	public static Scenarios load(Path folder) {
		List<Scenario> scenarios = new ArrayList<>();
		if (!Files.isDirectory(folder)) {
			return new Scenarios(scenarios);
		}
		Path shared = folder.resolve("base.yaml");
		JsonNode sharedBase = Files.exists(shared) ? tree(shared).path("base") : JSON.createObjectNode();
		try (Stream<Path> files = Files.list(folder)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".yaml") && !f.equals(shared))
				.sorted()
				.toList()) {
				scenarios.addAll(read(file, sharedBase));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new Scenarios(scenarios);
	}

	public List<Scenario> all() {
		return this.scenarios;
	}

	/**
	 * Runs every scenario through a check (the active rules, or rules not yet active).
	 */
	public List<Result> run(Function<AuthorizationCheck, Verdict> check) {
		return this.scenarios.stream().map((scenario) -> scenario.run(check)).toList();
	}

	private static JsonNode tree(Path file) {
		try {
			return YAML.readTree(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(
					"Scenario file " + file.getFileName() + " is not valid YAML: " + ex.getMessage(), ex);
		}
	}

	private static List<Scenario> read(Path file, JsonNode sharedBase) {
		JsonNode root = tree(file);
		ObjectNode base = JSON.createObjectNode();
		merge(base, sharedBase);
		merge(base, root.path("base"));
		List<Scenario> scenarios = new ArrayList<>();
		for (JsonNode node : root.path("scenarios")) {
			String name = node.path("name").asString();
			ObjectNode given = JSON.createObjectNode();
			merge(given, base);
			merge(given, node.path("given"));
			TreeSet<String> codes = new TreeSet<>();
			node.path("expect").path("codes").forEach((code) -> codes.add(code.asString()));
			AuthorizationCheck check;
			try {
				check = JSON.treeToValue(given, AuthorizationCheck.class);
			}
			catch (RuntimeException ex) {
				throw new IllegalArgumentException("Scenario '" + name + "' in " + file.getFileName()
						+ " does not describe a check: " + ex.getMessage(), ex);
			}
			scenarios.add(new Scenario(file.getFileName().toString(), name, check,
					Verdict.Decision.valueOf(node.path("expect").path("decision").asString()), codes));
		}
		return scenarios;
	}

	/** Deep merge: objects merge field by field, anything else replaces, null removes. */
	private static void merge(ObjectNode target, JsonNode changes) {
		if (!changes.isObject()) {
			return;
		}
		for (Iterator<Map.Entry<String, JsonNode>> fields = changes.properties().iterator(); fields.hasNext();) {
			Map.Entry<String, JsonNode> field = fields.next();
			JsonNode current = target.get(field.getKey());
			if (field.getValue().isNull()) {
				target.remove(field.getKey());
			}
			else if (current instanceof ObjectNode object && field.getValue().isObject()) {
				merge(object, field.getValue());
			}
			else {
				target.set(field.getKey(), field.getValue().deepCopy());
			}
		}
	}

	/** One given check and the decision and codes it must get. */
	public record Scenario(String file, String name, AuthorizationCheck check, Verdict.Decision decision,
			TreeSet<String> codes) {

		Result run(Function<AuthorizationCheck, Verdict> rules) {
			Verdict verdict = rules.apply(this.check);
			TreeSet<String> actual = new TreeSet<>(verdict.findings().stream().map(Finding::code).toList());
			boolean passed = verdict.decision() == this.decision && actual.equals(this.codes);
			return new Result(this, passed, verdict.decision(), actual);
		}

	}

	/** How a scenario fared. */
	public record Result(Scenario scenario, boolean passed, Verdict.Decision decision, TreeSet<String> codes) {

		public String describe() {
			return (this.passed ? "PASS" : "FAIL") + "  " + this.scenario.file() + "  " + this.scenario.name()
					+ (this.passed ? "" : "\n      expected " + this.scenario.decision() + " " + this.scenario.codes()
							+ "\n      got      " + this.decision + " " + this.codes);
		}

	}

}
