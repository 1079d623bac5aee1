package org.recordhub.flow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.TextMessage;
import org.apache.camel.Endpoint;
import org.apache.camel.component.jms.JmsEndpoint;
import org.recordhub.request.LegState;
import org.recordhub.request.Legs;
import org.recordhub.request.Legs.Transition;
import org.recordhub.system.Queues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * The dead-letter queue, for HIM staff: what failed after every retry, and why; a message
 * can be replayed onto the queue it failed on once its cause is fixed (a host key pinned,
 * a password changed). A leg the failure FAILED is made READY again, so the stage takes
 * it up; otherwise the stage goes on only if the leg or file is still where the message
 * left it.
 */
@Component
public class DeadLetters {

	/** Header with the queue a dead-lettered message was consumed from. */
	static final String FAILED_QUEUE = "recordhubFailedQueue";

	/** Header with the error after the last retry and its root cause. */
	static final String FAILURE = "recordhubFailure";

	private static final int MOST = 200;

	private static final Logger logger = LoggerFactory.getLogger(DeadLetters.class);

	private final JmsTemplate jms;

	private final Legs legs;

	DeadLetters(ConnectionFactory connectionFactory, Legs legs) {
		this.jms = new JmsTemplate(connectionFactory);
		this.jms.setSessionTransacted(true);
		this.jms.setReceiveTimeout(2000);
		this.legs = legs;
	}

	/** The oldest dead-lettered messages (up to 200). */
	public List<DeadLetter> list() {
		List<DeadLetter> letters = this.jms.browse(Queues.DEAD_LETTER, (session, browser) -> {
			List<DeadLetter> found = new ArrayList<>();
			for (Object message : Collections.list(browser.getEnumeration())) {
				if (found.size() == MOST) {
					break;
				}
				found.add(letter((Message) message));
			}
			return found;
		});
		return (letters != null) ? letters : List.of();
	}

	/**
	 * Moves the message back onto the queue it failed on, in one JMS transaction.
	 * @return the replayed message
	 * @throws DeadLetterNotFoundException if no such message is on the dead-letter queue
	 * (another person replayed it)
	 */
	public DeadLetter replay(String messageId, String staff) {
		DeadLetter replayed = this.jms.execute((session) -> {
			String selector = "JMSMessageID = '" + messageId.replace("'", "") + "'";
			try (MessageConsumer consumer = session.createConsumer(session.createQueue(Queues.DEAD_LETTER), selector)) {
				Message message = consumer.receive(2000);
				if (message == null) {
					session.rollback();
					return null;
				}
				DeadLetter letter = letter(message);
				if (letter.queue() == null) {
					session.rollback();
					throw new IllegalStateException("The message does not say which queue it failed on");
				}
				if (letter.legId() != null) {
					this.legs.advance(letter.legId(), Set.of(LegState.FAILED),
							Transition.to(LegState.READY, "Dead letter replayed by " + staff));
				}
				Message copy = copy(session, message);
				try (MessageProducer producer = session.createProducer(session.createQueue(letter.queue()))) {
					producer.send(copy);
				}
				session.commit();
				return letter;
			}
		}, true);
		if (replayed == null) {
			throw new DeadLetterNotFoundException(messageId);
		}
		logger.info("Dead letter {} replayed onto {} by {}", messageId, replayed.queue(), staff);
		if (replayed.legId() != null) {
			this.legs.find(replayed.legId())
				.ifPresent((leg) -> this.legs.record(leg, "DEAD_LETTER_REPLAYED",
						"Message replayed onto " + replayed.queue() + " by " + staff, null));
		}
		return replayed;
	}

	/** The queue a route consumed from, if it consumed from a queue. */
	static String queueOf(Endpoint endpoint) {
		return (endpoint instanceof JmsEndpoint jms && !jms.isPubSubDomain()) ? jms.getDestinationName() : null;
	}

	private static Message copy(jakarta.jms.Session session, Message message) throws JMSException {
		Message copy = session.createTextMessage(body(message));
		for (Object name : Collections.list(message.getPropertyNames())) {
			String property = (String) name;
			if (!property.equals(FAILURE) && !property.equals(FAILED_QUEUE) && !property.startsWith("JMS")
					&& !property.startsWith("_")) {
				copy.setObjectProperty(property, message.getObjectProperty(property));
			}
		}
		return copy;
	}

	private static DeadLetter letter(Message message) throws JMSException {
		return new DeadLetter(message.getJMSMessageID(), Instant.ofEpochMilli(message.getJMSTimestamp()),
				message.getStringProperty(FAILED_QUEUE), message.getStringProperty(Queues.LEG_ID), body(message),
				message.getStringProperty(FAILURE));
	}

	/**
	 * The id the stage works on: the text, else the leg's id (a channel route may have
	 * left no text body).
	 */
	private static String body(Message message) throws JMSException {
		String text = (message instanceof TextMessage textMessage) ? textMessage.getText() : null;
		return (text != null && !text.isBlank()) ? text : message.getStringProperty(Queues.LEG_ID);
	}

	/**
	 * @param queue the queue it failed on
	 * @param legId the leg it was about, if any
	 * @param body the id of the leg or file the stage worked on
	 * @param failure the error after the last retry
	 */
	public record DeadLetter(String id, Instant failedAt, String queue, String legId, String body, String failure) {
	}

	public static class DeadLetterNotFoundException extends RuntimeException {

		DeadLetterNotFoundException(String id) {
			super("No message " + id + " on the dead-letter queue: it may have been replayed already.");
		}

	}

}
