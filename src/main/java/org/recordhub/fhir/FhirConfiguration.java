package org.recordhub.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DeliveryProperties.class)
class FhirConfiguration {

	/** Expensive to build (it scans the R4 model), so one per application. */
	@Bean
	FhirContext fhirContext() {
		FhirContext context = FhirContext.forR4();
		// we POST transactions; fetching every server's CapabilityStatement first only
		// costs a round trip
		context.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		context.getRestfulClientFactory().setConnectTimeout(10_000);
		context.getRestfulClientFactory().setSocketTimeout(60_000);
		return context;
	}

}
