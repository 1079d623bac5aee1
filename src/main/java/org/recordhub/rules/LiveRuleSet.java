package org.recordhub.rules;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rule set that staff change while RecordHub runs. When a file in its folder changes,
 * the rules are compiled and every scenario is run against them; only if both succeed do
 * they replace the active rules. Otherwise the active rules stay and {@link #status()}
 * says why.
 */
public final class LiveRuleSet {

	private static final Logger logger = LoggerFactory.getLogger(LiveRuleSet.class);

	private final Path folder;

	private final Function<RuleSet, List<Scenario>> scenarios;

	private final Clock clock;

	private final AtomicReference<RuleSet> active = new AtomicReference<>();

	private volatile Status status;

	private volatile String fingerprint;

	/**
	 * Loads the rules, which must compile and pass their scenarios: at start-up there are
	 * no older rules to fall back on.
	 * @param scenarios runs every scenario of the folder against candidate rules
	 * @throws RuleSetException if they do not
	 */
	public LiveRuleSet(Path folder, Function<RuleSet, List<Scenario>> scenarios, Clock clock) {
		this.folder = folder;
		this.scenarios = scenarios;
		this.clock = clock;
		Status loaded = reload();
		if (!loaded.accepted()) {
			throw new RuleSetException(
					"Rule set " + folder.getFileName() + " not loaded: " + String.join("; ", loaded.problems()));
		}
	}

	public RuleSet active() {
		return this.active.get();
	}

	public Status status() {
		return this.status;
	}

	/** Runs the folder's scenarios against the active rules, for people to see. */
	public List<Scenario> scenarios() {
		return this.scenarios.apply(active());
	}

	/** Reloads when any file of the folder (rules or scenarios) changed. */
	public void reloadIfChanged() {
		if (!RuleSet.fingerprint(this.folder).equals(this.fingerprint)) {
			reload();
		}
	}

	/**
	 * Compiles the folder and runs its scenarios; activates the result only if both
	 * succeed.
	 */
	public synchronized Status reload() {
		this.fingerprint = RuleSet.fingerprint(this.folder);
		RuleSet current = this.active.get();
		String attempted = null;
		List<String> problems = new ArrayList<>();
		try {
			RuleSet candidate = RuleSet.load(this.folder);
			attempted = candidate.version();
			List<Scenario> results = this.scenarios.apply(candidate);
			results.stream().filter((r) -> !r.passed()).forEach((r) -> problems.add(r.description()));
			if (problems.isEmpty()) {
				this.active.set(candidate);
				this.status = new Status(candidate.version(), attempted, true, results.size(), List.of(),
						this.clock.instant());
				logger.info("Rules {} active ({} scenarios pass)", candidate.version(), results.size());
				return this.status;
			}
			problems.add(0, problems.size() + " of " + results.size() + " scenarios fail");
		}
		catch (RuntimeException ex) {
			problems.add(ex.getMessage());
		}
		this.status = new Status((current != null) ? current.version() : null, attempted, false, 0,
				List.copyOf(problems), this.clock.instant());
		logger.error("Rules {} rejected, {} stay active: {}", attempted, (current != null) ? current.version() : "none",
				String.join("\n", problems));
		return this.status;
	}

	/** How one scenario fared against candidate rules. */
	public record Scenario(boolean passed, String description) {
	}

	/**
	 * @param activeVersion the rules in force
	 * @param attemptedVersion the rules last compiled (may differ when they were
	 * rejected)
	 * @param accepted whether the last reload activated them
	 * @param scenarios how many scenarios passed
	 * @param problems compilation errors and failing scenarios of a rejected reload
	 */
	public record Status(String activeVersion, String attemptedVersion, boolean accepted, int scenarios,
			List<String> problems, Instant at) {
	}

}
