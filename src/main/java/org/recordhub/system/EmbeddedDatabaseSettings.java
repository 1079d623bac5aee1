package org.recordhub.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * What RecordHub has answered for must survive a crash. H2, the embedded default, writes
 * a commit to its file up to half a second later unless told otherwise: a request
 * answered 201 and a received file's row could be lost to a {@code kill -9} in between.
 * RecordHub has H2 write every commit at once (a setting the database keeps), whatever
 * URL points at it. PostgreSQL commits durably as it is. H2 also gives up waiting for a
 * row lock after one second; a leg's files read on several consumers take turns on the
 * leg's row, so RecordHub lets them wait ten.
 */
@Component
class EmbeddedDatabaseSettings implements InitializingBean {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedDatabaseSettings.class);

	private final DataSource dataSource;

	EmbeddedDatabaseSettings(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public void afterPropertiesSet() throws SQLException {
		boolean h2;
		try (Connection connection = this.dataSource.getConnection()) {
			h2 = "H2".equals(connection.getMetaData().getDatabaseProductName());
			if (h2) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("SET WRITE_DELAY 0");
					statement.execute("SET DEFAULT_LOCK_TIMEOUT 10000");
				}
				logger.info("H2 writes every commit at once (WRITE_DELAY 0) and waits up to 10 s for a row lock");
			}
		}
		// connections opened before (Flyway's) keep the old lock timeout: open new ones
		if (h2 && this.dataSource instanceof com.zaxxer.hikari.HikariDataSource pool
				&& pool.getHikariPoolMXBean() != null) {
			pool.getHikariPoolMXBean().softEvictConnections();
		}
	}

}
