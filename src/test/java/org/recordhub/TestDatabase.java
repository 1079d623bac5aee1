package org.recordhub;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * The databases the persistence and end-to-end tests run on: an H2 file, as in the
 * embedded default, and a real PostgreSQL server. The test command ({@code scripts/test})
 * starts PostgreSQL and names it in {@code RECORDHUB_TEST_POSTGRES_URL}; without it the
 * PostgreSQL tests fail rather than skip.
 */
public enum TestDatabase {

	H2, POSTGRESQL;

	/** Datasource properties for a new, empty database. */
	public Map<String, Object> newDatabase(Path directory) {
		if (this == H2) {
			return Map.of("spring.datasource.url",
					"jdbc:h2:file:" + directory.resolve("db/recordhub") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
		}
		String server = System.getenv("RECORDHUB_TEST_POSTGRES_URL");
		if (server == null || server.isBlank()) {
			throw new IllegalStateException("RECORDHUB_TEST_POSTGRES_URL is not set: run the tests with scripts/test, "
					+ "which starts PostgreSQL, or point it at a server (jdbc:postgresql://host:port/?user=...)");
		}
		String name = "recordhub_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = DriverManager.getConnection(server.replaceFirst("/\\?", "/postgres?"));
				Statement statement = connection.createStatement()) {
			statement.execute("create database " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create a test database on " + server, ex);
		}
		return Map.of("spring.datasource.url", server.replaceFirst("/\\?", "/" + name + "?"));
	}

}
