package org.recordhub;

/** The provider directory on PostgreSQL, the production database. */
class DirectoryPostgresIT extends DirectoryTests {

	@Override
	TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
