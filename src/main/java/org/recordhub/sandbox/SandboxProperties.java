package org.recordhub.sandbox;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The sandbox providers the run command starts, so a newcomer sees a request travel end
 * to end.
 *
 * @param enabled start the sandbox servers with RecordHub
 * @param demoRequests submit the demo requests (one per channel) on the first start
 * @param directory where the sandbox servers keep their files
 * @param notesDirectory clinical notes the sandbox clinic's records are made of
 */
@ConfigurationProperties("recordhub.sandbox")
record SandboxProperties(boolean enabled, boolean demoRequests, Path directory, Path notesDirectory, Sftp sftp,
		Fhir fhir, Mail mail, Ehr ehr, Portal portal) {

	record Sftp(String host, int port, String username, String password, Path knownHostsFile) {
	}

	/**
	 * @param clientKeyFile where the sandbox writes RecordHub's SMART client key for it
	 * (a new one at each start)
	 */
	record Fhir(int port, Path clientKeyFile) {
	}

	record Ehr(int port, Path corpusDirectory) {
	}

	record Portal(int port, String apiKey) {
	}

	record Mail(int smtpPort, int imapPort, String recordhubAddress, String providerAddress, String faxGateway,
			String password) {
	}

}
