package org.recordhub.provider;

/**
 * The fields RecordHub takes from one row of the NPPES file. {@code name} is null for a
 * deactivated NPI (NPPES then publishes only the number and the dates).
 */
record NppesRecord(String npi, String name, boolean active, Provider.Address address, String phone, String fax,
		String taxonomy) {

	/** The directory id of an organisation imported from NPPES. */
	static String idOf(String npi) {
		return "npi-" + npi;
	}

	String id() {
		return idOf(this.npi);
	}

}
