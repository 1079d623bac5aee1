package org.recordhub.fhir;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.recordhub.system.Queues;
import org.recordhub.system.Routes;

import org.springframework.stereotype.Component;

/**
 * Where a requester's deliveries go is its delivery routes: templated routes in
 * {@code routes/} consuming {@code direct:recordhub.deliver.<target>.<requesterId>}, as
 * provider channels are routes. This finds them and calls them, in the delivering thread,
 * so a failing target fails the delivery attempt (retried by the error policy).
 */
@Component
class DeliveryRoutes {

	private final CamelContext camel;

	private final ProducerTemplate producer;

	DeliveryRoutes(CamelContext camel, ProducerTemplate producer) {
		this.camel = camel;
		this.producer = producer;
	}

	/**
	 * Sends the body to the requester's route for the target.
	 * @return where the route delivered (its answer), or {@code null} when the requester
	 * has no such route
	 */
	String send(Target target, String requesterId, String legId, Object body) {
		String uri = "direct:recordhub.deliver." + target.id + "." + requesterId;
		if (!Routes.consume(this.camel, uri)) {
			return null;
		}
		Exchange result = this.producer.send(uri, (exchange) -> {
			exchange.getIn().setHeader(Queues.LEG_ID, legId);
			exchange.getIn().setBody(body);
		});
		if (result.getException() != null) {
			throw (result.getException() instanceof RuntimeException runtime) ? runtime : new IllegalStateException(
					target.id + " delivery failed: " + result.getException().getMessage(), result.getException());
		}
		return result.getMessage().getBody(String.class);
	}

	/** The kinds of delivery route, in the order a delivery uses them. */
	enum Target {

		/** The ITI-65 transaction to the requester's FHIR server. */
		FHIR("fhir", "FHIR_DELIVERED"),

		/** Bundle and PDFs dropped on the requester's SFTP server. */
		SFTP("sftp", "SFTP_DROPPED"),

		/** A notice to the requester's mailbox. */
		EMAIL("email", "EMAIL_NOTICE_SENT"),

		/** A signed notice to the requester's webhook. */
		WEBHOOK("webhook", "WEBHOOK_NOTIFIED");

		private final String id;

		private final String event;

		Target(String id, String event) {
			this.id = id;
			this.event = event;
		}

		String channel() {
			return this.id;
		}

		String event() {
			return this.event;
		}

		/** The timeline's words for a delivery or notice to the destination. */
		String describe(String destination, int documents) {
			return switch (this) {
				case FHIR -> "IHE MHD ITI-65 bundle with " + documents + " DocumentReference(s) accepted by "
						+ destination + ", every entry confirmed";
				case SFTP -> documents + " PDF(s) and the ITI-65 bundle (bundle.json, last) dropped in " + destination;
				case EMAIL -> "Delivery notice (ids and the download link, no patient data) sent to " + destination;
				case WEBHOOK -> "The requester's webhook " + destination + " confirmed the signed delivery notice";
			};
		}

	}

}
