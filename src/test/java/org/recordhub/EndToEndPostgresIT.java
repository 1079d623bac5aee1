package org.recordhub;

/** The end-to-end flow on PostgreSQL, the production database. */
class EndToEndPostgresIT extends EndToEndTests {

	@Override
	TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
