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
 * URL points at it. PostgreSQL commits durably as it is.
 */
@Component
class EmbeddedDatabaseDurability implements InitializingBean {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedDatabaseDurability.class);

	private final DataSource dataSource;

	EmbeddedDatabaseDurability(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public void afterPropertiesSet() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			if ("H2".equals(connection.getMetaData().getDatabaseProductName())) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("SET WRITE_DELAY 0");
				}
				logger.info("H2 writes every commit at once (WRITE_DELAY 0)");
			}
		}
	}

}
