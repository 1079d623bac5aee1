package org.recordhub.escalation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.recordhub.channel.ChannelPlanner;
import org.recordhub.channel.Dispatch;
import org.recordhub.fhir.RequesterNotices;
import org.recordhub.request.LegState;
import org.recordhub.request.Legs;
import org.recordhub.request.Legs.Transition;
import org.recordhub.request.ProviderLeg;
import org.recordhub.system.Queues;
import org.recordhub.tracking.EventLog;
import org.recordhub.tracking.TimelineEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Carries out what the escalation rules decided, each action once: its key (leg, action,
 * which one) is taken in the database before it runs, so a crash, a retried pass or a
 * second RecordHub node never sends the same follow-up twice. Every action is on the
 * leg's timeline with the rules that decided it.
 */
@Component
class EscalationActions {

	private static final Logger logger = LoggerFactory.getLogger(EscalationActions.class);

	/** Channels whose routes send follow-ups as they send requests. */
	private static final Set<String> LETTER_CHANNELS = Set.of("fax", "email", "sftp");

	private final EscalationRepository repository;

	private final Legs legs;

	private final EventLog events;

	private final ChannelPlanner planner;

	private final JmsTemplate jms;

	private final RequesterNotices notices;

	EscalationActions(EscalationRepository repository, Legs legs, EventLog events, ChannelPlanner planner,
			ConnectionFactory connections, RequesterNotices notices) {
		this.repository = repository;
		this.legs = legs;
		this.events = events;
		this.planner = planner;
		this.jms = new JmsTemplate(connections);
		this.jms.setSessionTransacted(true);
		this.notices = notices;
	}

	/**
	 * Takes the action unless it was taken before; records it with the rules' version.
	 */
	void take(EscalationRepository.DueLeg leg, EscalationAction action, Instant now, String ruleSetVersion,
			List<String> rulesFired) {
		String key = leg.id() + ":" + action.type() + ":" + generation(leg, action);
		if (!this.repository.take(key, leg.id(), action.type(), now)) {
			return;
		}
		String why = action.why();
		switch (action.type()) {
			case "FOLLOW_UP" -> followUp(leg, leg.followUps() + 1, why, null, now, ruleSetVersion, rulesFired);
			case "SWITCH_CHANNEL" -> {
				String queue = this.planner.switchChannel(leg.id(), why);
				if (queue != null) {
					// sent once the leg is READY for everyone to see
					sendAfterCommit(queue, leg.id(), Map.of(Queues.LEG_ID, leg.id()));
				}
			}
			case "ESCALATE" -> {
				this.repository.escalated(leg.id(), action.level());
				record(leg, "ESCALATED", "Level " + action.level()
						+ ((action.level() == 1) ? " (HIM staff): " : " (a supervisor and the requester): ") + why,
						ruleSetVersion, rulesFired);
				if (action.level() >= 2) {
					notify(leg, "leg.escalated", "a records request is escalated",
							"A provider has not sent the records you requested: " + why
									+ ". RecordHub's supervisors are on it.");
				}
			}
			case "MARK_OVERDUE" -> {
				this.repository.overdue(leg.id());
				record(leg, "OVERDUE", "Overdue: " + why, ruleSetVersion, rulesFired);
				notify(leg, "leg.overdue", "a records request is overdue", "A provider is overdue: " + why + ".");
			}
			case "CLOSE_NO_RECORDS" ->
				this.legs.advance(leg.id(), Set.of(LegState.SUBMITTED, LegState.ACKNOWLEDGED, LegState.IN_PROGRESS),
						Transition.to(LegState.NO_RECORDS, "Closed without records: " + why)
							.decidedBy(ruleSetVersion, rulesFired));
			case "APPROVE_FEE" -> {
				if (this.legs.advance(leg.id(), Set.of(LegState.AWAITING_FEE_APPROVAL),
						Transition.to(LegState.IN_PROGRESS, "Fee approved automatically: " + why)
							.decidedBy(ruleSetVersion, rulesFired))) {
					followUp(leg, leg.followUps() + 1, why,
							"The copy fee" + ((leg.feeQuote() != null) ? " of $" + leg.feeQuote() : "")
									+ " is approved; please send the records.",
							now, ruleSetVersion, rulesFired);
				}
			}
			case "ASK_REQUESTER" -> {
				this.repository.requesterAsked(leg.id(), now);
				boolean fee = "AWAITING_FEE_APPROVAL".equals(leg.state());
				record(leg, "REQUESTER_ASKED", "The requester is asked: " + why, ruleSetVersion, rulesFired);
				notify(leg, fee ? "leg.fee-approval-needed" : "leg.information-needed",
						fee ? "a copy fee needs your approval" : "a provider needs information",
						(fee ? "A provider quoted a copy fee: " + why
								+ ". Approve or decline it in RecordHub (POST /api/v1/requests/" + leg.requestId()
								+ "/legs/" + leg.id() + "/fee-approval)."
								: "A provider needs more information to release the records. Answer it in RecordHub "
										+ "(POST /api/v1/requests/" + leg.requestId() + "/legs/" + leg.id()
										+ "/information)."));
			}
			case "NOTIFY_REQUESTER" -> {
				this.repository.requesterAsked(leg.id(), now);
				record(leg, "REQUESTER_NOTIFIED", "The requester is reminded: " + why, ruleSetVersion, rulesFired);
				notify(leg, "leg.reminder", "a records request waits for your answer",
						"A provider is waiting for your answer: " + why + ".");
			}
			default ->
				logger.warn("Leg {}: the escalation rules asked for an unknown action {}", leg.id(), action.type());
		}
	}

	/**
	 * Tells the provider something about a waiting leg (an approved fee, the requester's
	 * answer) as a follow-up through its channel.
	 */
	void tellProvider(String legId, String note, String why, Instant now) {
		EscalationRepository.DueLeg leg = this.repository.leg(legId).orElseThrow();
		if (this.repository.take(leg.id() + ":FOLLOW_UP:" + (leg.followUps() + 1), leg.id(), "FOLLOW_UP", now)) {
			followUp(leg, leg.followUps() + 1, why, note, now, null, null);
		}
	}

	/**
	 * Which one of its kind the action is, so the key tells a second follow-up from a
	 * first: the follow-up's number, the escalation level, when the state was entered...
	 */
	private static String generation(EscalationRepository.DueLeg leg, EscalationAction action) {
		return switch (action.type()) {
			case "FOLLOW_UP" -> String.valueOf(leg.followUps() + 1);
			case "SWITCH_CHANNEL" -> String.valueOf(leg.channel());
			case "ESCALATE" -> String.valueOf(action.level());
			case "MARK_OVERDUE", "CLOSE_NO_RECORDS" -> "once";
			case "APPROVE_FEE", "ASK_REQUESTER" -> String.valueOf(leg.stateSince().toEpochMilli());
			case "NOTIFY_REQUESTER" ->
				String.valueOf((leg.requesterAskedAt() != null) ? leg.requesterAskedAt().toEpochMilli() : 0);
			default -> "once";
		};
	}

	/**
	 * Sends follow-up {@code number} through the leg's channel route (fax, email, SFTP: a
	 * follow-up letter with the request again); a portal or FHIR leg is followed by its
	 * route's own status polling.
	 */
	private void followUp(EscalationRepository.DueLeg leg, int number, String why, String note, Instant now,
			String ruleSetVersion, List<String> rulesFired) {
		this.repository.followedUp(leg.id(), now);
		String queue = (leg.channel() != null && LETTER_CHANNELS.contains(leg.channel()))
				? this.planner.queue(leg.channel(), leg.providerId()) : null;
		if (queue == null) {
			record(leg, "FOLLOW_UP_SENT",
					"Follow-up #" + number + ": the " + leg.channel()
							+ " route checks the provider's status itself; nothing to send (" + why + ")",
					ruleSetVersion, rulesFired);
			return;
		}
		record(leg, "FOLLOW_UP_DUE", "Follow-up #" + number + " on " + leg.channel() + ": " + why, ruleSetVersion,
				rulesFired);
		Map<String, Object> headers = new LinkedHashMap<>();
		headers.put(Queues.LEG_ID, leg.id());
		headers.put(Dispatch.FOLLOW_UP, number);
		if (note != null) {
			headers.put(Dispatch.FOLLOW_UP_NOTE, note);
		}
		sendAfterCommit(queue, leg.id(), headers);
	}

	/**
	 * Sends the message once the action's key and the leg's counts are committed (never
	 * for an action that was rolled back), together with the other messages of the same
	 * transaction in one JMS transaction: one broker commit for a whole batch of legs.
	 */
	@SuppressWarnings("unchecked")
	private void sendAfterCommit(String queue, String legId, Map<String, Object> headers) {
		Outgoing message = new Outgoing(queue, legId, headers);
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			send(List.of(message));
			return;
		}
		List<Outgoing> outbox = (List<Outgoing>) TransactionSynchronizationManager.getResource(this);
		if (outbox == null) {
			List<Outgoing> pending = new ArrayList<>();
			TransactionSynchronizationManager.bindResource(this, pending);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResource(EscalationActions.this);
					if (status == STATUS_COMMITTED) {
						send(pending);
					}
				}
			});
			outbox = pending;
		}
		outbox.add(message);
	}

	private void send(List<Outgoing> messages) {
		this.jms.execute((Session session) -> {
			for (Outgoing message : messages) {
				TextMessage text = session.createTextMessage(message.legId());
				for (Map.Entry<String, Object> header : message.headers().entrySet()) {
					text.setObjectProperty(header.getKey(), header.getValue());
				}
				try (MessageProducer producer = session.createProducer(session.createQueue(message.queue()))) {
					producer.send(text);
				}
			}
			session.commit();
			return null;
		}, true);
	}

	private record Outgoing(String queue, String legId, Map<String, Object> headers) {
	}

	private void notify(EscalationRepository.DueLeg leg, String event, String subject, String message) {
		Map<String, Object> notice = new LinkedHashMap<>();
		notice.put("event", event);
		notice.put("subject", subject);
		notice.put("message", message);
		notice.put("requestId", leg.requestId());
		notice.put("legId", leg.id());
		try {
			List<String> sent = this.notices.send(leg.organizationId(), leg.id(), notice);
			if (!sent.isEmpty()) {
				ProviderLeg current = this.legs.find(leg.id()).orElseThrow();
				this.legs.record(current, "REQUESTER_TOLD",
						"Told the requester (" + subject + ") at " + String.join(" and ", sent), "notice");
			}
		}
		catch (RuntimeException ex) {
			// the action stands; the requester sees it on the timeline and the dashboard
			logger.warn("Leg {}: the requester's notice could not be sent: {}", leg.id(), ex.getMessage());
		}
	}

	private void record(EscalationRepository.DueLeg leg, String type, String detail, String ruleSetVersion,
			List<String> rulesFired) {
		this.events.append(TimelineEvent.of(leg.requestId(), leg.id(), leg.providerId(), type, detail)
			.withChannel(leg.channel())
			.withRules(ruleSetVersion, rulesFired));
	}

}
