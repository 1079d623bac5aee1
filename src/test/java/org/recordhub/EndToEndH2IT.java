package org.recordhub;

/** The end-to-end flow on H2, the embedded default. */
class EndToEndH2IT extends EndToEndTests {

	@Override
	TestDatabase database() {
		return TestDatabase.H2;
	}

}
