package org.recordhub.rules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.QueryResultsRow;

/**
 * One folder of rules ({@code rules/<name>/}), compiled from the file system at run time.
 * A rule set with any compilation error is not loaded. Its version is a hash of its
 * files, so every decision can name exactly the rules it was made with.
 */
public final class RuleSet {

	private final String name;

	private final String version;

	private final KieBase base;

	private RuleSet(String name, String version, KieBase base) {
		this.name = name;
		this.version = version;
		this.base = base;
	}

	/**
	 * Compiles every DRL file and decision table (CSV, XLS, XLSX) in the folder.
	 * @throws RuleSetException if a file does not compile, listing every error
	 */
	public static RuleSet load(Path folder) {
		String name = folder.getFileName().toString();
		List<Path> files = ruleFiles(folder);
		if (files.isEmpty()) {
			throw new RuleSetException("Rule set " + name + " has no rule files in " + folder.toAbsolutePath());
		}
		KieServices kie = KieServices.Factory.get();
		KieFileSystem kfs = kie.newKieFileSystem();
		MessageDigest digest = sha256();
		for (Path file : files) {
			byte[] content = read(file);
			String relative = folder.relativize(file).toString();
			digest.update(relative.getBytes(StandardCharsets.UTF_8));
			digest.update(content);
			kfs.write("src/main/resources/rules/" + name + "/" + relative + (isDrl(file) ? "" : ".drl"),
					isDrl(file) ? content : decisionTable(file, content));
		}
		String version = name + "@" + HexFormat.of().formatHex(digest.digest()).substring(0, 12);
		ReleaseId releaseId = kie.newReleaseId("org.recordhub.rules", name,
				"1.0.0-" + version.substring(version.indexOf('@') + 1));
		kfs.generateAndWritePomXML(releaseId);
		// facts are never modified by our rules, so property reactivity buys nothing (and
		// warns)
		kfs.writeKModuleXML(
				kie.newKieModuleModel().setConfigurationProperty("drools.propertySpecific", "ALLOWED").toXML());
		KieBuilder builder = kie.newKieBuilder(kfs).buildAll();
		List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
		if (!errors.isEmpty()) {
			throw new RuleSetException("Rule set " + name + " does not compile:\n"
					+ String.join("\n", errors.stream().map(Message::toString).toList()));
		}
		KieBase base = kie.newKieContainer(releaseId).getKieBase();
		return new RuleSet(name, version, base);
	}

	public String name() {
		return this.name;
	}

	/** Name and content hash, e.g. {@code authorization@3f2a9c01b7de}. */
	public String version() {
		return this.version;
	}

	/**
	 * Inserts the facts, fires every rule, and returns what the named query finds.
	 * @param query a query in the rule set with one bound variable
	 */
	public <T> Outcome<T> evaluate(List<?> facts, String query, String variable, Class<T> type) {
		KieSession session = this.base.newKieSession();
		List<String> fired = new ArrayList<>();
		try {
			session.addEventListener(new DefaultAgendaEventListener() {
				@Override
				public void afterMatchFired(AfterMatchFiredEvent event) {
					fired.add(event.getMatch().getRule().getName());
				}
			});
			facts.forEach(session::insert);
			session.fireAllRules();
			List<T> results = new ArrayList<>();
			for (QueryResultsRow row : session.getQueryResults(query)) {
				results.add(type.cast(row.get(variable)));
			}
			return new Outcome<>(results, this.version, List.copyOf(fired));
		}
		finally {
			session.dispose();
		}
	}

	private static List<Path> ruleFiles(Path folder) {
		if (!Files.isDirectory(folder)) {
			throw new RuleSetException("No rule set folder " + folder.toAbsolutePath());
		}
		try (Stream<Path> walk = Files.walk(folder)) {
			return walk.filter(RuleSet::isRuleFile).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A hash of every file in the folder (rules, decision tables and scenarios), to
	 * notice changes.
	 */
	public static String fingerprint(Path folder) {
		MessageDigest digest = sha256();
		try (Stream<Path> walk = Files.walk(folder)) {
			for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
				digest.update(folder.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
				digest.update(read(file));
			}
		}
		catch (IOException | UncheckedIOException ex) {
			// a file deleted while we read: the next look sees a settled folder
			return "unreadable";
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static boolean isDrl(Path file) {
		return file.getFileName().toString().endsWith(".drl");
	}

	/**
	 * Compiles a decision table to DRL with Drools' spreadsheet compiler (KieBuilder
	 * skips CSV tables silently); an unreadable table is an error naming the file.
	 */
	private static byte[] decisionTable(Path file, byte[] content) {
		InputType type = file.getFileName().toString().endsWith(".csv") ? InputType.CSV : InputType.XLS;
		try {
			String drl = new SpreadsheetCompiler().compile(new ByteArrayInputStream(content), type);
			return drl.getBytes(StandardCharsets.UTF_8);
		}
		catch (RuntimeException ex) {
			throw new RuleSetException("Decision table " + file.getFileName() + " cannot be read: " + ex.getMessage());
		}
	}

	/** DRL files and decision tables; scenario files and READMEs are not rules. */
	static boolean isRuleFile(Path file) {
		String name = file.getFileName().toString();
		return !file.toString().contains("/scenarios/")
				&& (name.endsWith(".drl") || name.endsWith(".csv") || name.endsWith(".xlsx") || name.endsWith(".xls"));
	}

	private static byte[] read(Path file) {
		try {
			return Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** What an evaluation found, with the rule set version and the rules that fired. */
	public record Outcome<T>(List<T> results, String ruleSetVersion, List<String> rulesFired) {
	}

}
