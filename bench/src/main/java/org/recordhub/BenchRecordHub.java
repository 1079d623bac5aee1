package org.recordhub;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole RecordHub for a benchmark, as it runs in production (Spring context, Flyway,
 * Quartz, Camel, embedded Artemis), on a new database of the PostgreSQL server that
 * {@code scripts/bench} starts ({@code RECORDHUB_TEST_POSTGRES_URL}), with the benchmark
 * directory and routes, no sandbox, and the escalation timer out of the way.
 */
public final class BenchRecordHub {

	private BenchRecordHub() {
	}

	/**
	 * @param data where the documents and the broker journal go
	 * @param name what the benchmark is, named in the error when no PostgreSQL is given
	 */
	public static ConfigurableApplicationContext start(Path data, String name) throws Exception {
		String server = System.getenv("RECORDHUB_TEST_POSTGRES_URL");
		if (server == null) {
			throw new IllegalStateException("RECORDHUB_TEST_POSTGRES_URL is not set (run it with scripts/bench " + name + ")");
		}
		String database = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = DriverManager.getConnection(server.replaceFirst("/\\?", "/postgres?"));
				Statement statement = connection.createStatement()) {
			statement.execute("create database " + database);
		}
		return new SpringApplicationBuilder(RecordHubApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + server.replaceFirst("/\\?", "/" + database + "?"),
				"--recordhub.sandbox.enabled=false", "--recordhub.directory.locations=classpath:bench-directory/*.json",
				"--camel.main.routes-include-pattern=classpath:bench-routes.yaml",
				"--recordhub.documents.directory=" + data.resolve("documents"),
				"--recordhub.documents.key-file=" + data.resolve("document-key"),
				"--spring.artemis.embedded.data-directory=" + data.resolve("artemis"),
				"--recordhub.escalation.interval=24h", "--logging.level.root=WARN");
	}

}
