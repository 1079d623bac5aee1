package org.recordhub.fhir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import org.hl7.fhir.r4.model.Bundle;
import org.recordhub.channel.fhir.SmartBackendAuth;

import org.springframework.stereotype.Component;

/**
 * What the delivery route templates ({@code routes/templates/*-delivery.yaml} and
 * {@code *-notice.yaml}) call: the ITI-65 transaction to a requester's FHIR server, the
 * files of an SFTP drop, the text of an email notice.
 */
@Component("deliveryTargets")
public class DeliveryTargets {

	private final DeliveryBundles bundles;

	private final BundleValidator validator;

	private final FhirContext fhir;

	private final SmartBackendAuth smart;

	DeliveryTargets(DeliveryBundles bundles, BundleValidator validator, FhirContext fhir, SmartBackendAuth smart) {
		this.bundles = bundles;
		this.validator = validator;
		this.fhir = fhir;
		this.smart = smart;
	}

	/**
	 * POSTs the delivery as an ITI-65 transaction to the FHIR server, as a SMART backend
	 * client when a token URL is given, and confirms every entry from the response.
	 * @return the server's base URL
	 */
	public String transaction(Delivery delivery, String baseUrl, String tokenUrl, String clientId,
			String privateKeyFile, String keyId, String scope) {
		// the bundle's PUT entries are addressed on the receiving server
		Bundle bundle = this.bundles.build(baseUrl, delivery.request(), delivery.leg(), delivery.provider(),
				delivery.requester(), delivery.documents());
		List<String> errors = this.validator.errors(bundle);
		if (!errors.isEmpty()) {
			throw new IllegalStateException("The bundle for " + baseUrl + " does not validate (" + errors.size()
					+ " error(s)); it was not sent");
		}
		IGenericClient client = this.fhir.newRestfulGenericClient(baseUrl);
		if (tokenUrl != null && !tokenUrl.isBlank()) {
			client.registerInterceptor(
					new BearerTokenAuthInterceptor(this.smart.token(new SmartBackendAuth.Client(tokenUrl, clientId,
							Path.of(privateKeyFile), keyId.isBlank() ? null : keyId, scope))));
		}
		Bundle response = client.transaction().withBundle(bundle).execute();
		confirmed(bundle, response, baseUrl);
		return baseUrl;
	}

	/**
	 * The requester's server answers a transaction with one entry per entry sent; the
	 * delivery counts only when every one says it was created or is there (2xx). Anything
	 * else fails the attempt, which the error policy retries.
	 */
	static void confirmed(Bundle sent, Bundle response, String endpoint) {
		long confirmed = response.getEntry()
			.stream()
			.filter((entry) -> entry.getResponse().getStatus() != null
					&& entry.getResponse().getStatus().startsWith("2"))
			.count();
		if (response.getEntry().size() != sent.getEntry().size() || confirmed != sent.getEntry().size()) {
			throw new IllegalStateException(
					endpoint + " confirmed " + confirmed + " of the " + sent.getEntry().size() + " entries delivered");
		}
	}

	/** The files of an SFTP drop, in a folder named after the leg. */
	public List<Delivery.File> files(Delivery delivery) {
		return delivery.files(this.fhir)
			.stream()
			.map((file) -> new Delivery.File(delivery.leg().id() + "/" + file.name(), file.content()))
			.toList();
	}

	/** The text of the email notice: ids, counts and where, no patient data. */
	public String emailText(Map<String, Object> notice) {
		if (!"records.delivered".equals(notice.get("event"))) {
			return notice.get("message") + "\n\nRequest " + notice.get("requestId") + ", provider leg "
					+ notice.get("legId")
					+ ".\n\nThis message carries no patient information. Sign in to RecordHub to see the request.\n";
		}
		StringBuilder text = new StringBuilder();
		text.append("Records were delivered for your request ")
			.append(notice.get("requestId"))
			.append(" (provider leg ")
			.append(notice.get("legId"))
			.append("): ")
			.append(notice.get("documents"))
			.append(" document(s).\n\n");
		@SuppressWarnings("unchecked")
		List<String> deliveredTo = (List<String>) notice.get("deliveredTo");
		if (!deliveredTo.isEmpty()) {
			text.append("Delivered to:\n");
			deliveredTo.forEach((where) -> text.append("  - ").append(where).append('\n'));
			text.append('\n');
		}
		text.append("Download them once (a ZIP of the PDFs and the FHIR bundle), signed in to RecordHub, until ")
			.append(notice.get("downloadExpires"))
			.append(":\n  ")
			.append(notice.get("download"))
			.append("\n\nThis message carries no patient information. Sign in to RecordHub to see the request.\n");
		return text.toString();
	}

}
