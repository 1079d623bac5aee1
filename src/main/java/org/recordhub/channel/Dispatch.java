package org.recordhub.channel;

import java.util.List;
import java.util.Set;

import org.apache.camel.Header;
import org.recordhub.request.LegState;
import org.recordhub.request.Legs;
import org.recordhub.request.Legs.Transition;
import org.recordhub.request.ProviderLeg;
import org.recordhub.system.Queues;

import org.springframework.stereotype.Component;

/**
 * What every outbound channel route calls: is the leg still to be sent, its packet, and
 * "sent".
 */
@Component("dispatch")
public class Dispatch {

	/**
	 * Header where a channel route says where it delivered the packet (no credentials).
	 */
	public static final String DESTINATION = "recordhubDestination";

	private final Legs legs;

	private final RequestPackets packets;

	Dispatch(Legs legs, RequestPackets packets) {
		this.legs = legs;
		this.packets = packets;
	}

	/**
	 * A redelivered message finds the leg already SUBMITTED: then there is nothing to
	 * send.
	 */
	public boolean pending(@Header(Queues.LEG_ID) String legId) {
		return this.legs.find(legId).map((leg) -> leg.state() == LegState.READY).orElse(false);
	}

	public List<RequestPackets.PacketFile> packet(@Header(Queues.LEG_ID) String legId) {
		ProviderLeg leg = this.legs.find(legId).orElseThrow();
		return this.packets.build(leg);
	}

	public void submitted(@Header(Queues.LEG_ID) String legId, @Header(DESTINATION) String destination) {
		ProviderLeg leg = this.legs.find(legId).orElseThrow();
		this.legs.advance(legId, Set.of(LegState.READY),
				Transition.to(LegState.SUBMITTED, "Request packet delivered to " + destination).on(leg.channel()));
	}

}
