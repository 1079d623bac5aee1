package org.recordhub.system;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * What RecordHub has answered for must survive a crash. H2, the embedded default, writes
 * a commit to its file up to half a second later unless told otherwise: a request
 * answered 201 and a received file's row could be lost to a {@code kill -9} in between.
 * The setting is H2's database's while it is open, not kept in its file, so every
 * connection RecordHub opens to an H2 database (whatever URL points at it) sets it: every
 * commit is written at once. It also waits ten seconds for a row lock rather than H2's
 * one: a leg's files read on several consumers take turns on the leg's row. PostgreSQL
 * commits durably and waits for locks as it is.
 */
@Component
class EmbeddedDatabaseSettings implements BeanPostProcessor {

	static final String H2_SETTINGS = "SET WRITE_DELAY 0; SET LOCK_TIMEOUT 10000";

	@Override
	public Object postProcessBeforeInitialization(Object bean, String name) {
		if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null
				&& pool.getJdbcUrl().startsWith("jdbc:h2:")) {
			pool.setConnectionInitSql(H2_SETTINGS);
		}
		return bean;
	}

}
