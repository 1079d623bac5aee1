package org.recordhub;

/** The provider directory on H2, the embedded default. */
class DirectoryH2IT extends DirectoryTests {

	@Override
	TestDatabase database() {
		return TestDatabase.H2;
	}

}
