package org.recordhub.authorization;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.recordhub.request.AuthorizationForm;
import org.recordhub.request.DateRange;
import org.recordhub.request.Patient;

/**
 * The authorization rules, warm: validations per second on one thread (a full check of an
 * authorization for a leg under a state's law, every rule file and the state decision table), and
 * the time a reload takes (compile the folder and run every scenario). Reads {@code rules/} from the
 * working directory, or {@code -Drecordhub.rules=...}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = { "-Xms1g", "-Xmx1g" })
@Threads(1)
public class AuthorizationRulesBenchmark {

	private AuthorizationRules rules;

	private AuthorizationCheck check;

	@Setup
	public void setUp() {
		this.rules = new AuthorizationRules(Path.of(System.getProperty("recordhub.rules", "rules")), Clock.systemUTC(),
				30);
		Patient patient = new Patient(new Patient.Name(List.of("Jane"), "Doe"), LocalDate.of(1980, 4, 12), List.of());
		AuthorizationForm form = new AuthorizationForm(patient, true, LocalDate.of(2026, 10, 1),
				new AuthorizationForm.Signer("PATIENT", "Jane Doe", null), "REQUESTER",
				List.of("St. Mary Medical Center"), false, List.of("Smith & Lee LLP"), "All records 2023-2024",
				new DateRange(LocalDate.of(2023, 1, 1), LocalDate.of(2024, 6, 30)), List.of("GENERAL", "HIV"),
				List.of("LITIGATION"), LocalDate.of(2036, 10, 1), null,
				new AuthorizationForm.Statements(true, true, true, false, false), true, false, List.of(), false,
				"NY-DOH-2557", 12, false);
		this.check = new AuthorizationCheck(LocalDate.of(2026, 11, 27), "NY", form,
				new LegCheck(patient, "St. Mary Medical Center",
						new DateRange(LocalDate.of(2023, 3, 1), LocalDate.of(2024, 3, 31)), List.of("DISCHARGE_SUMMARY"),
						List.of("GENERAL", "HIV"), 90, "LITIGATION"));
	}

	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	@Warmup(iterations = 3, time = 2)
	@Measurement(iterations = 5, time = 2)
	public Verdict validate() {
		return this.rules.check(this.check);
	}

	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.MILLISECONDS)
	@Warmup(iterations = 2, batchSize = 1, time = 5)
	@Measurement(iterations = 5, batchSize = 1, time = 5)
	public org.recordhub.rules.LiveRuleSet.Status reload() {
		return this.rules.reload();
	}

}
