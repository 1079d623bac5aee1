package org.recordhub.channel.portal;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.ProducerTemplate;
import org.recordhub.channel.RequestPackets;
import org.recordhub.document.FileFormat;
import org.recordhub.document.Inbound;
import org.recordhub.document.InboundBatch;
import org.recordhub.request.LegState;
import org.recordhub.request.Legs;
import org.recordhub.request.Legs.Transition;
import org.recordhub.request.ProviderLeg;
import org.recordhub.system.Queues;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * The HIM portal channel: a release-of-information portal's HTTP API, described per
 * provider in its route YAML (base URL, API key, paths, where the answers keep the
 * reference, status and documents, and what the statuses mean). Calls go through Camel's
 * HTTP component.
 */
@Component("portalExchange")
public class PortalExchange {

	/** Headers the portal templates set from their parameters. */
	public static final String BASE_URL = "recordhubPortalBaseUrl";

	public static final String API_KEY = "recordhubPortalApiKey";

	public static final String SUBMIT_PATH = "recordhubPortalSubmitPath";

	public static final String STATUS_PATH = "recordhubPortalStatusPath";

	public static final String DOCUMENT_PATH = "recordhubPortalDocumentPath";

	public static final String REFERENCE_POINTER = "recordhubPortalReferencePointer";

	public static final String STATUS_POINTER = "recordhubPortalStatusPointer";

	public static final String MESSAGE_POINTER = "recordhubPortalMessagePointer";

	public static final String DOCUMENTS_POINTER = "recordhubPortalDocumentsPointer";

	public static final String STATUSES = "recordhubPortalStatuses";

	private static final Set<LegState> WAITING = Set.of(LegState.SUBMITTED, LegState.ACKNOWLEDGED,
			LegState.AWAITING_FEE_APPROVAL, LegState.NEEDS_INFORMATION, LegState.IN_PROGRESS);

	private final Legs legs;

	private final RequestPackets packets;

	private final InboundBatch batch;

	private final Inbound inbound;

	private final ProducerTemplate producer;

	private final JsonMapper json;

	PortalExchange(Legs legs, RequestPackets packets, InboundBatch batch, Inbound inbound, ProducerTemplate producer,
			JsonMapper json) {
		this.inbound = inbound;
		this.legs = legs;
		this.packets = packets;
		this.batch = batch;
		this.producer = producer;
		this.json = json;
	}

	/**
	 * Submits the request (the manifest's fields and the authorization as base64) and
	 * keeps the portal's id.
	 */
	public void submit(Exchange exchange) {
		String legId = exchange.getIn().getHeader(Queues.LEG_ID, String.class);
		ProviderLeg leg = this.legs.find(legId).orElseThrow();
		List<RequestPackets.PacketFile> files = this.packets.build(leg);
		ObjectNode body = (ObjectNode) this.json.readTree(files.get(files.size() - 1).content());
		body.put("reference", legId);
		files.stream()
			.filter((f) -> f.name().endsWith("-authorization.pdf"))
			.findFirst()
			.ifPresent((f) -> body.put("authorizationPdf", Base64.getEncoder().encodeToString(f.content())));
		String url = header(exchange, BASE_URL) + header(exchange, SUBMIT_PATH);
		String answer = this.producer.request(url, (request) -> {
			request.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
			request.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
			request.getIn().setHeader("X-Api-Key", header(exchange, API_KEY));
			request.getIn().setBody(this.json.writeValueAsString(body));
		}).getMessage().getBody(String.class);
		String reference = this.json.readTree(answer).at(header(exchange, REFERENCE_POINTER)).asString();
		this.legs.setExternalReference(legId, reference);
		this.legs.advance(legId, Set.of(LegState.READY),
				Transition.to(LegState.SUBMITTED, "Submitted to the portal as " + reference).on("portal"));
	}

	/** Polls every waiting leg of the provider and takes what changed into the leg. */
	public void poll(Exchange exchange, @Header(Inbound.PROVIDER_ID) String providerId) {
		for (ProviderLeg leg : this.legs.at(providerId, WAITING, Integer.MAX_VALUE)) {
			String reference = this.legs.externalReference(leg.id());
			if (reference != null) {
				poll(exchange, leg, reference);
			}
		}
	}

	private void poll(Exchange exchange, ProviderLeg leg, String reference) {
		JsonNode status = this.json
			.readTree(get(exchange, header(exchange, STATUS_PATH).replace("{ref}", reference), String.class));
		String portalStatus = status.at(header(exchange, STATUS_POINTER)).asString();
		String message = status.at(header(exchange, MESSAGE_POINTER)).asString("");
		String meaning = statuses(header(exchange, STATUSES)).getOrDefault(portalStatus, "IN_PROGRESS");
		String reason = "Portal: " + portalStatus + (message.isEmpty() ? "" : " - " + message);
		switch (meaning) {
			case "RECORDS_READY" -> download(exchange, leg, reference, status.at(header(exchange, DOCUMENTS_POINTER)));
			case "AWAITING_FEE_APPROVAL", "NEEDS_INFORMATION", "NO_RECORDS", "IN_PROGRESS" -> {
				LegState next = LegState.valueOf(meaning);
				if (leg.state() != next) {
					this.legs.advance(leg.id(), LegState.leadingTo(next), Transition.to(next, reason).on("portal"));
				}
			}
			default -> throw new IllegalStateException("Unknown meaning '" + meaning + "' in the route's statuses");
		}
	}

	/**
	 * Every document not fetched before is fetched and matched to the leg before any is
	 * read: one delivery. A document fetched before is never fetched again, whatever
	 * became of it (held as a possible misfile, quarantined): the portal still says
	 * "ready" while the leg waits, and each poll would otherwise take it once more.
	 */
	private void download(Exchange exchange, ProviderLeg leg, String reference, JsonNode documents) {
		Map<String, byte[]> contents = new LinkedHashMap<>();
		for (JsonNode document : documents) {
			String id = document.path("id").asString();
			String name = leg.id() + "-" + id;
			if (this.inbound.alreadyReceivedAs(leg.providerId(), name + ".")) {
				continue;
			}
			byte[] content = get(exchange,
					header(exchange, DOCUMENT_PATH).replace("{ref}", reference).replace("{document}", id),
					byte[].class);
			contents.put(name + FileFormat.of(content).extension(), content);
		}
		if (!contents.isEmpty()) {
			this.batch.receiveTogether(contents, leg.providerId(), "portal");
		}
	}

	private <T> T get(Exchange exchange, String path, Class<T> type) {
		return this.producer.request(header(exchange, BASE_URL) + path, (request) -> {
			request.getIn().setHeader(Exchange.HTTP_METHOD, "GET");
			request.getIn().setHeader("X-Api-Key", header(exchange, API_KEY));
		}).getMessage().getBody(type);
	}

	/** "FEE_QUOTED=AWAITING_FEE_APPROVAL,READY=RECORDS_READY,..." */
	private static Map<String, String> statuses(String mapping) {
		Map<String, String> statuses = new LinkedHashMap<>();
		for (String pair : mapping.split(",")) {
			String[] parts = pair.split("=", 2);
			if (parts.length == 2) {
				statuses.put(parts[0].trim(), parts[1].trim());
			}
		}
		return statuses;
	}

	private static String header(Exchange exchange, String name) {
		return exchange.getIn().getHeader(name, String.class);
	}

}
