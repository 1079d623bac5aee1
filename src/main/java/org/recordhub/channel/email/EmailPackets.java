package org.recordhub.channel.email;

import jakarta.activation.DataHandler;
import jakarta.mail.util.ByteArrayDataSource;
import org.apache.camel.Exchange;
import org.apache.camel.attachment.AttachmentMessage;
import org.recordhub.channel.Dispatch;
import org.recordhub.channel.RequestPackets;
import org.recordhub.channel.fax.FaxDispatch;
import org.recordhub.request.Legs;
import org.recordhub.request.ProviderLeg;
import org.recordhub.system.Queues;

import org.springframework.stereotype.Component;

/**
 * Turns a leg's request packet into an email: the cover letter, authorization and
 * manifest as attachments, a body that names only the ids, and a subject carrying the leg
 * id so the provider's reply finds its leg.
 */
@Component("emailPackets")
public class EmailPackets {

	/** Headers the email-sink template sets from its parameters before composing. */
	public static final String TO = "recordhubMailTo";

	public static final String FROM = "recordhubMailFrom";

	private final Legs legs;

	private final RequestPackets packets;

	private final FaxDispatch fax;

	EmailPackets(Legs legs, RequestPackets packets, FaxDispatch fax) {
		this.legs = legs;
		this.packets = packets;
		this.fax = fax;
	}

	public void compose(Exchange exchange) {
		String legId = exchange.getIn().getHeader(Queues.LEG_ID, String.class);
		ProviderLeg leg = this.legs.find(legId).orElseThrow();
		AttachmentMessage message = exchange.getIn(AttachmentMessage.class);
		Integer followUp = exchange.getIn().getHeader(Dispatch.FOLLOW_UP, Integer.class);
		for (RequestPackets.PacketFile file : this.packets.build(leg, followUp,
				exchange.getIn().getHeader(Dispatch.FOLLOW_UP_NOTE, String.class))) {
			String type = file.name().endsWith(".json") ? "application/json" : "application/pdf";
			message.addAttachment(file.name(), new DataHandler(new ByteArrayDataSource(file.content(), type)));
		}
		address(message, ((followUp != null) ? "Follow-up #" + followUp + ": " : "") + subject(legId));
		message.setBody(String.join("\n", "Request for medical records", "", "Request ID: " + leg.requestId(),
				"Leg ID: " + legId, "",
				"The request letter, the patient's signed authorization and a manifest are attached.",
				"Please reply to this message with the records attached (PDF), keeping the leg ID in the subject."));
	}

	/**
	 * The same request as a fax through an email-to-fax gateway: one PDF attachment that
	 * starts with the cover sheet, sent to {@code <number>@<gateway>}.
	 */
	public void composeFax(Exchange exchange) {
		String legId = exchange.getIn().getHeader(Queues.LEG_ID, String.class);
		ProviderLeg leg = this.legs.find(legId).orElseThrow();
		AttachmentMessage message = exchange.getIn(AttachmentMessage.class);
		message.addAttachment(legId + "-fax.pdf",
				new DataHandler(new ByteArrayDataSource(
						this.fax.fax(leg, exchange.getIn().getHeader(Dispatch.FOLLOW_UP, Integer.class),
								exchange.getIn().getHeader(Dispatch.FOLLOW_UP_NOTE, String.class)),
						"application/pdf")));
		address(message, "Fax: " + subject(legId));
		message.setBody("Fax for the attached document.");
	}

	/**
	 * To the provider (or gateway), from RecordHub's mailbox, which is also where replies
	 * go.
	 */
	private static void address(AttachmentMessage message, String subject) {
		String from = message.getHeader(FROM, String.class);
		message.setHeader("To", message.getHeader(TO, String.class));
		message.setHeader("From", from);
		message.setHeader("Reply-To", from);
		message.setHeader("Subject", subject);
	}

	public static String subject(String legId) {
		return "Request for medical records - leg " + legId;
	}

}
