package org.recordhub.flow;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.recordhub.system.Queues;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The flow between stages (ARCHITECTURE §1). Each route takes one message from a durable
 * queue, lets its stage bean do the work, and sends the next message. Channel routes
 * ({@code routes/*.yaml}) feed {@code correlate} and consume the dispatch queues.
 */
@Component
class FlowRoutes extends RouteBuilder {

	private static final String LEG_ID = Queues.LEG_ID;

	static final String DEAD_LETTER = "direct:recordhub-dead-letter";

	/**
	 * Consumers per stage: one slow file, provider or requester holds up only its own
	 * consumer.
	 */
	private final int consumers;

	FlowRoutes(@Value("${recordhub.flow.concurrent-consumers:0}") int consumers) {
		this.consumers = (consumers > 0) ? consumers : Math.max(2, Runtime.getRuntime().availableProcessors());
	}

	@Override
	public void configure() {
		from(consume(Queues.AUTHORIZE)).routeId("authorize")
			.routeConfigurationId(ErrorPolicy.ID)
			.setHeader(LEG_ID, body())
			.filter(method("authorizationStage", "check"))
			.setHeader("recordhubDispatchQueue", method("channelPlanner", "plan"))
			.filter(header("recordhubDispatchQueue").isNotNull())
			.setBody(header(LEG_ID))
			.toD("jms:queue:${header.recordhubDispatchQueue}");

		from(consume(Queues.CORRELATE)).routeId("correlate")
			.routeConfigurationId(ErrorPolicy.ID)
			.setBody(method("correlator", "correlate"))
			.filter(body().isNotNull())
			.to(jms(Queues.PROCESS));

		from(consume(Queues.PROCESS)).routeId("process")
			.routeConfigurationId(ErrorPolicy.ID)
			.setBody(method("documentProcessor", "process"))
			.filter(body().isNotNull())
			.setHeader(Queues.GROUP, body())
			.to(jms(Queues.DELIVER));

		from(consume(Queues.DELIVER)).routeId("deliver")
			.routeConfigurationId(ErrorPolicy.ID)
			.setHeader(LEG_ID, body())
			.bean("fhirDelivery", "deliver");

		// no error policy here: this is where the policy ends
		from(DEAD_LETTER).routeId("dead-letter")
			.filter(header(LEG_ID).isNotNull())
			.bean("legFailures", "fail")
			.end()
			// why (with the root cause, which says what to fix) and where it came
			// from, so staff can replay it there (DeadLetters)
			.process((exchange) -> {
				exchange.getMessage()
					.setHeader(DeadLetters.FAILURE,
							LegFailures.reason(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)));
				exchange.getMessage()
					.setHeader(DeadLetters.FAILED_QUEUE, DeadLetters.queueOf(exchange.getFromEndpoint()));
			})
			.removeHeader(Exchange.EXCEPTION_CAUGHT)
			.to(jms(Queues.DEAD_LETTER));
	}

	private static String jms(String queue) {
		return Queues.uri(queue);
	}

	private String consume(String queue) {
		return jms(queue) + "?concurrentConsumers=" + this.consumers;
	}

}
