package org.recordhub.fhir;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How deliveries reach requesters. Where they go (a FHIR server, an SFTP drop, an email
 * notice, a webhook) is each requester's delivery routes in {@code routes/}.
 *
 * @param downloadLinkValidity how long a delivery's single-use download link works
 * @param publicUrl RecordHub's address as requesters reach it: download links and the
 * base of the FHIR resources in dropped and downloaded bundles are under it
 */
@ConfigurationProperties("recordhub.delivery")
public record DeliveryProperties(@DefaultValue("7d") Duration downloadLinkValidity,
		@DefaultValue("http://localhost:8080") URI publicUrl) {

	/** RecordHub's own FHIR API base, where delivered resources can be read back. */
	public String fhirBase() {
		String url = this.publicUrl.toString();
		return (url.endsWith("/") ? url : url + "/") + "fhir";
	}

}
