package org.recordhub.provider;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * The NPPES import: one pass over a generated file of {@code rows} rows in the real
 * 330-column layout (header from the test sample), into an empty H2 file database
 * ({@code firstImport}) and again over the same rows ({@code reimport}, every row an update).
 * The fork has a 256 MB heap, less than the file: the import streams. Divide rows by the
 * time for rows per second.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = { "-Xms256m", "-Xmx256m" })
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NppesImportBenchmark {

	@Param("200000")
	int rows;

	private Path directory;

	private Path file;

	private NppesImport nppes;

	private JdbcClient jdbc;

	@Setup(Level.Trial)
	public void generate() throws IOException {
		this.directory = Files.createTempDirectory("nppes-bench");
		this.file = this.directory.resolve("npidata_pfile_bench.csv");
		String header = Files.readAllLines(
				Path.of(System.getProperty("recordhub.nppes.sample",
						"src/test/resources/nppes/npidata_pfile_20050523-20261109.csv")),
				StandardCharsets.UTF_8)
			.get(0);
		List<String> columns = Arrays.stream(header.split(",")).map((c) -> c.replace("\"", "")).toList();
		try (Writer out = Files.newBufferedWriter(this.file)) {
			out.write(header);
			out.write('\n');
			String[] values = new String[columns.size()];
			for (int i = 0; i < this.rows; i++) {
				Arrays.fill(values, "");
				String npi = npi(100000000 + i);
				set(values, columns, "NPI", npi);
				set(values, columns, "Entity Type Code", "2");
				set(values, columns, "Provider Organization Name (Legal Business Name)", "CLINIC NUMBER " + i + ", LLC");
				set(values, columns, "Provider First Line Business Practice Location Address", i + " MAIN ST");
				set(values, columns, "Provider Business Practice Location Address City Name", "SPRINGFIELD");
				set(values, columns, "Provider Business Practice Location Address State Name", "IL");
				set(values, columns, "Provider Business Practice Location Address Postal Code", "627010000");
				set(values, columns, "Provider Business Practice Location Address Telephone Number", "2175550100");
				set(values, columns, "Provider Business Practice Location Address Fax Number", "2175550" + (i % 1000));
				set(values, columns, "Healthcare Provider Taxonomy Code_1", "207Q00000X");
				set(values, columns, "Healthcare Provider Primary Taxonomy Switch_1", "Y");
				List<String> quoted = new ArrayList<>(values.length);
				for (String value : values) {
					quoted.add('"' + value + '"');
				}
				out.write(String.join(",", quoted));
				out.write('\n');
			}
		}
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(
				"jdbc:h2:file:" + this.directory.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "",
				true);
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		this.jdbc = JdbcClient.create(dataSource);
		ProviderRepository repository = new ProviderRepository(this.jdbc, new JdbcTemplate(dataSource),
				JsonMapper.builder().build());
		this.nppes = new NppesImport(repository,
				new TransactionTemplate(new DataSourceTransactionManager(dataSource)), Clock.systemUTC());
	}

	@TearDown(Level.Trial)
	public void delete() {
		FileSystemUtils.deleteRecursively(this.directory.toFile());
	}

	@Benchmark
	@Warmup(iterations = 0)
	@Measurement(iterations = 1)
	public NppesImport.Result firstImportThenReimport() throws IOException {
		this.jdbc.sql("delete from organization").update();
		NppesImport.Result first = run();
		if (first.created() != this.rows) {
			throw new IllegalStateException("Expected every row created: " + first);
		}
		NppesImport.Result second = run();
		if (second.updated() != this.rows) {
			throw new IllegalStateException("Expected every row updated: " + second);
		}
		System.out.printf("%nfirst import: %d rows in %.1f s (%.0f rows/s); re-import: %.1f s (%.0f rows/s)%n",
				first.rows(), first.millis() / 1000.0, first.rows() * 1000.0 / first.millis(), second.millis() / 1000.0,
				second.rows() * 1000.0 / second.millis());
		return second;
	}

	private NppesImport.Result run() throws IOException {
		try (InputStream in = Files.newInputStream(this.file)) {
			return this.nppes.run(in);
		}
	}

	private static void set(String[] values, List<String> columns, String column, String value) {
		values[columns.indexOf(column)] = value;
	}

	private static String npi(int nine) {
		String digits = Integer.toString(nine);
		int sum = 24;
		for (int i = 8; i >= 0; i--) {
			int digit = digits.charAt(i) - '0';
			if ((8 - i) % 2 == 0) {
				digit = (digit * 2 > 9) ? digit * 2 - 9 : digit * 2;
			}
			sum += digit;
		}
		return digits + (10 - sum % 10) % 10;
	}

}
