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

	/**
	 * Header of a follow-up message: its number (the leg's first follow-up is 1). Channel
	 * routes send follow-ups as they send requests; without it the message is the
	 * request.
	 */
	public static final String FOLLOW_UP = "recordhubFollowUp";

	/**
	 * Header of a follow-up message: what to tell the provider besides the status check.
	 */
	public static final String FOLLOW_UP_NOTE = "recordhubFollowUpNote";

	private final Legs legs;

	private final RequestPackets packets;

	Dispatch(Legs legs, RequestPackets packets) {
		this.legs = legs;
		this.packets = packets;
	}

	/**
	 * Whether there is something to send: a leg READY for its request (a redelivered
	 * message finds it already SUBMITTED: nothing to send), or a follow-up for a leg that
	 * still waits.
	 */
	public boolean pending(@Header(Queues.LEG_ID) String legId, @Header(FOLLOW_UP) Integer followUp) {
		return this.legs.find(legId)
			.map((leg) -> (followUp != null) ? leg.state().isWaiting() : leg.state() == LegState.READY)
			.orElse(false);
	}

	/** The request packet, or the follow-up's. */
	public List<RequestPackets.PacketFile> packet(@Header(Queues.LEG_ID) String legId,
			@Header(FOLLOW_UP) Integer followUp, @Header(FOLLOW_UP_NOTE) String note) {
		ProviderLeg leg = this.legs.find(legId).orElseThrow();
		return this.packets.build(leg, followUp, note);
	}

	public void submitted(@Header(Queues.LEG_ID) String legId, @Header(DESTINATION) String destination,
			@Header(FOLLOW_UP) Integer followUp) {
		ProviderLeg leg = this.legs.find(legId).orElseThrow();
		if (followUp != null) {
			this.legs.record(leg, "FOLLOW_UP_SENT", "Follow-up #" + followUp + " sent to " + destination,
					leg.channel());
			return;
		}
		this.legs.advance(legId, Set.of(LegState.READY),
				Transition.to(LegState.SUBMITTED, "Request packet delivered to " + destination).on(leg.channel()));
	}

}
