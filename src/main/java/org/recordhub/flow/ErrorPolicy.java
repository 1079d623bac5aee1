package org.recordhub.flow;

import org.apache.camel.builder.RouteConfigurationBuilder;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The one error policy every route opts into
 * ({@code routeConfigurationId: recordhub-error-policy}): retries with exponential
 * backoff, then the dead-letter route, which fails the leg with the reason on its
 * timeline and parks the message on a dead-letter queue from which it can be replayed.
 */
@Component
class ErrorPolicy extends RouteConfigurationBuilder {

	static final String ID = "recordhub-error-policy";

	private final int maximumRedeliveries;

	private final long redeliveryDelay;

	ErrorPolicy(@Value("${recordhub.flow.maximum-redeliveries}") int maximumRedeliveries,
			@Value("${recordhub.flow.redelivery-delay}") java.time.Duration redeliveryDelay) {
		this.maximumRedeliveries = maximumRedeliveries;
		this.redeliveryDelay = redeliveryDelay.toMillis();
	}

	@Override
	public void configuration() {
		routeConfiguration(ID)
			.errorHandler(deadLetterChannel(FlowRoutes.DEAD_LETTER).maximumRedeliveries(this.maximumRedeliveries)
				.redeliveryDelay(this.redeliveryDelay)
				.useExponentialBackOff()
				.backOffMultiplier(2)
				.maximumRedeliveryDelay(60_000)
				.retryAttemptedLogLevel(org.apache.camel.LoggingLevel.WARN)
				.logExhaustedMessageHistory(false)
				// the original body with the headers set so far (the leg id), for the
				// dead-letter route
				.useOriginalBody());
	}

}
