package db.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Quartz's JDBC job store tables, from the schema scripts Quartz ships for the database
 * in use (H2 or PostgreSQL), without their DROP statements: the clustered timers of
 * follow-ups and escalation keep their state here.
 */
public class V12__quartz_tables extends BaseJavaMigration {

	@Override
	public void migrate(Context context) throws Exception {
		String product = context.getConnection().getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
		String script = product.contains("postgres") ? "tables_postgres.sql" : "tables_h2.sql";
		try (Statement statement = context.getConnection().createStatement()) {
			for (String sql : statements(script)) {
				statement.execute(sql);
			}
		}
	}

	private static String[] statements(String script) {
		try (InputStream in = V12__quartz_tables.class.getClassLoader()
			.getResourceAsStream("org/quartz/impl/jdbcjobstore/" + script)) {
			if (in == null) {
				throw new IllegalStateException("Quartz's " + script + " is not on the classpath");
			}
			String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^\\s*--.*$", "");
			return Arrays.stream(text.split(";"))
				.map(String::strip)
				.filter((sql) -> !sql.isEmpty())
				.filter((sql) -> !sql.toUpperCase(Locale.ROOT).startsWith("DROP")
						&& !sql.toUpperCase(Locale.ROOT).startsWith("COMMIT"))
				.toArray(String[]::new);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
