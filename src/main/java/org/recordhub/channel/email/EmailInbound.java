package org.recordhub.channel.email;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.activation.DataHandler;
import org.apache.camel.Exchange;
import org.apache.camel.attachment.AttachmentMessage;
import org.recordhub.channel.ProviderMessages;
import org.recordhub.document.Inbound;
import org.recordhub.document.InboundFile;
import org.recordhub.request.Legs;
import org.recordhub.request.ProviderLeg;
import org.recordhub.tracking.EventLog;
import org.recordhub.tracking.TimelineEvent;

import org.springframework.stereotype.Component;

/**
 * What a provider's email brings: each attachment becomes a received file, named with the
 * leg id from the subject (or the reply address) so correlation finds its leg; a message
 * without attachments is a provider message on the leg's timeline, and moves the leg when
 * it is a fee quote, a request for information or "no records"
 * ({@link ProviderMessages}).
 */
@Component("emailInbound")
public class EmailInbound {

	private static final Pattern LEG_ID = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private final Legs legs;

	private final EventLog events;

	private final ProviderMessages messages;

	EmailInbound(Legs legs, EventLog events, ProviderMessages messages) {
		this.legs = legs;
		this.events = events;
		this.messages = messages;
	}

	public List<InboundFile> files(Exchange exchange) {
		AttachmentMessage message = exchange.getIn(AttachmentMessage.class);
		String subject = String.valueOf(message.getHeader("Subject"));
		Optional<String> legId = legId(subject + " " + message.getHeader("To") + " " + message.getHeader("Cc"));
		List<InboundFile> files = new ArrayList<>();
		if (message.hasAttachments()) {
			for (Map.Entry<String, DataHandler> attachment : message.getAttachments().entrySet()) {
				String name = attachment.getKey();
				if (legId.isPresent() && !name.toLowerCase().contains(legId.get())) {
					name = legId.get() + "-" + name;
				}
				files.add(new InboundFile(name, bytes(attachment.getValue())));
			}
		}
		if (files.isEmpty()) {
			providerMessage(exchange, subject, legId);
		}
		return files;
	}

	private void providerMessage(Exchange exchange, String subject, Optional<String> legId) {
		String provider = exchange.getIn().getHeader(Inbound.PROVIDER_ID, String.class);
		String body = String.valueOf(exchange.getIn().getBody(String.class)).strip();
		String text = "Email \"" + subject + "\": " + ((body.length() > 1000) ? body.substring(0, 1000) + "…" : body);
		Optional<ProviderLeg> leg = legId.flatMap(this.legs::find).filter((l) -> l.providerId().equals(provider));
		if (leg.isPresent()) {
			this.messages.take(leg.get(), text, "email");
		}
		else {
			this.events.append(TimelineEvent.of(null, null, provider, "MESSAGE_UNMATCHED", text).withChannel("email"));
		}
	}

	private static Optional<String> legId(String text) {
		Matcher matcher = LEG_ID.matcher(text.toLowerCase());
		return matcher.find() ? Optional.of(matcher.group()) : Optional.empty();
	}

	private static byte[] bytes(DataHandler handler) {
		try (InputStream in = handler.getInputStream()) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
