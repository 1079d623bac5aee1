package org.recordhub.flow;

import java.util.List;

import org.apache.camel.ProducerTemplate;
import org.recordhub.document.ReceivedFile;
import org.recordhub.document.ReceivedFileRepository;
import org.recordhub.request.LegState;
import org.recordhub.request.Legs;
import org.recordhub.request.ProviderLeg;
import org.recordhub.system.Queues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * At start-up, sends every leg and file that sits between stages to the stage that moves
 * it on. A crash between a database commit and the next message would otherwise strand
 * it; the stages are idempotent, so work that was in fact already queued is not done
 * twice.
 */
@Component
class FlowRecovery {

	private static final Logger logger = LoggerFactory.getLogger(FlowRecovery.class);

	private final Legs legs;

	private final ReceivedFileRepository files;

	private final ProducerTemplate producer;

	FlowRecovery(Legs legs, ReceivedFileRepository files, ProducerTemplate producer) {
		this.legs = legs;
		this.files = files;
		this.producer = producer;
	}

	@EventListener(ApplicationReadyEvent.class)
	void resume() {
		int resumed = 0;
		for (ProviderLeg leg : this.legs.in(List.of(LegState.NEW, LegState.AUTHORIZATION_CHECK, LegState.READY))) {
			send(Queues.AUTHORIZE, leg.id());
			resumed++;
		}
		for (ProviderLeg leg : this.legs.in(List.of(LegState.COMPLETE, LegState.INCOMPLETE))) {
			this.producer.sendBodyAndHeader(Queues.uri(Queues.DELIVER), leg.id(), Queues.GROUP, leg.id());
			resumed++;
		}
		for (ReceivedFile file : this.files.inStatus(ReceivedFile.Status.RECEIVED)) {
			send(Queues.CORRELATE, file.id());
			resumed++;
		}
		if (resumed > 0) {
			logger.info("Resumed {} leg(s) and file(s) left between stages", resumed);
		}
	}

	private void send(String queue, String id) {
		this.producer.sendBody(Queues.uri(queue), id);
	}

}
