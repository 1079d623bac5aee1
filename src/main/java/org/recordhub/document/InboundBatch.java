package org.recordhub.document;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.camel.ProducerTemplate;
import org.recordhub.system.Queues;

import org.springframework.stereotype.Component;

/**
 * Files that arrive together for a leg (the documents a FHIR API or a portal returns):
 * each is stored and matched to its leg before any is read, so the leg is delivered once,
 * with every file.
 */
@Component
public class InboundBatch {

	private final Inbound inbound;

	private final Correlator correlator;

	private final ProducerTemplate producer;

	InboundBatch(Inbound inbound, Correlator correlator, ProducerTemplate producer) {
		this.inbound = inbound;
		this.correlator = correlator;
		this.producer = producer;
	}

	/**
	 * @param files file name (starting with the leg id) to content
	 */
	public void receiveTogether(Map<String, byte[]> files, String providerId, String channel) {
		List<String> matched = new ArrayList<>();
		files.forEach((name, content) -> matched
			.add(this.correlator.correlate(this.inbound.receive(content, name, providerId, channel))));
		matched.stream()
			.filter(Objects::nonNull)
			.forEach((fileId) -> this.producer.sendBody(Queues.uri(Queues.PROCESS), fileId));
	}

}
