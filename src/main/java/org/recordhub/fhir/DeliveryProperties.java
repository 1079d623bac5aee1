package org.recordhub.fhir;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How deliveries reach requesters beyond the ITI-65 bundle sent to their FHIR endpoint.
 *
 * @param downloadLinkValidity how long a delivery's single-use download link works
 * @param webhooks per requester organisation id, a webhook told of each delivery
 */
@ConfigurationProperties("recordhub.delivery")
public record DeliveryProperties(@DefaultValue("7d") Duration downloadLinkValidity, Map<String, Webhook> webhooks) {

	public DeliveryProperties {
		webhooks = (webhooks != null) ? Map.copyOf(webhooks) : Map.of();
	}

	/**
	 * @param url where the notification is POSTed
	 * @param secret the HMAC-SHA256 key the receiver verifies the signature with
	 */
	public record Webhook(URI url, String secret) {
	}

}
