package org.recordhub.sandbox;

import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import org.recordhub.request.RequestService;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts the sandbox providers with RecordHub ({@code recordhub.sandbox.enabled}, on in
 * the embedded default): the providers' SFTP, mail, FHIR and portal servers, and the
 * requesters' FHIR server (SMART Backend Services required).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "recordhub.sandbox.enabled", havingValue = "true")
@EnableConfigurationProperties(SandboxProperties.class)
class SandboxConfiguration {

	@Bean(destroyMethod = "close")
	SandboxSftpServer sandboxSftpServer(SandboxProperties properties, JsonMapper json) {
		SandboxProperties.Sftp sftp = properties.sftp();
		SandboxSftpServer server = new SandboxSftpServer(properties.directory().resolve("sftp"),
				properties.directory().resolve("sftp-host-key.pem"), sftp.port(), sftp.username(), sftp.password(),
				List.of(), new SandboxClerk(json, properties.notesDirectory()))
			.start();
		// the SFTP routes pin this key: unknown or changed host keys are refused
		server.writeKnownHosts(sftp.knownHostsFile());
		return server;
	}

	@Bean(destroyMethod = "close")
	SandboxMailServer sandboxMailServer(SandboxProperties properties, JsonMapper json) {
		SandboxProperties.Mail mail = properties.mail();
		return new SandboxMailServer(mail.smtpPort(), mail.imapPort(), mail.recordhubAddress(), mail.password(),
				mail.providerAddress(), mail.faxGateway(), new SandboxClerk(json, properties.notesDirectory()))
			.start();
	}

	@Bean(destroyMethod = "close")
	SandboxPortal sandboxPortal(SandboxProperties properties, JsonMapper json) {
		return new SandboxPortal(json, properties.portal().port(), properties.portal().apiKey(),
				new SandboxClerk(json, properties.notesDirectory()))
			.start();
	}

	@Bean(destroyMethod = "close")
	SandboxEhr sandboxEhr(SandboxProperties properties, FhirContext fhir) {
		return new SandboxEhr(fhir, properties.ehr().port(), properties.ehr().corpusDirectory()).start();
	}

	@Bean(destroyMethod = "close")
	SandboxFhirServer sandboxFhirServer(SandboxProperties properties, FhirContext fhir) {
		// like requesters' servers, it takes deliveries only from SMART backend clients
		SandboxSmartAuth smart = SandboxSmartAuth.withNewClientKey("recordhub", properties.fhir().clientKeyFile());
		return new SandboxFhirServer(fhir, properties.fhir().port()).requireSmart(smart).start();
	}

	@Bean
	DemoRequests demoRequests(SandboxProperties properties, RequestService requests) {
		return new DemoRequests(properties.demoRequests(), requests);
	}

}
