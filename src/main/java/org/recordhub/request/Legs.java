package org.recordhub.request;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.recordhub.tracking.EventLog;
import org.recordhub.tracking.TimelineEvent;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves legs through their state machine. Every move is recorded on the timeline in the
 * same transaction, and the request's derived status follows.
 *
 * <p>
 * Stages call {@link #advance} with the states they expect the leg to be in: when a
 * redelivered message finds the leg already past them, nothing changes. That is what
 * makes each stage idempotent.
 */
@Service
public class Legs {

	/** States a provider's answer moves a waiting leg to. */
	private static final Set<LegState> PROVIDER_ANSWERS = EnumSet.of(LegState.ACKNOWLEDGED,
			LegState.AWAITING_FEE_APPROVAL, LegState.NEEDS_INFORMATION, LegState.IN_PROGRESS, LegState.RECORDS_RECEIVED,
			LegState.NO_RECORDS);

	/** An amount in dollars in a provider's words: "$25.00", "$ 1,250". */
	private static final Pattern AMOUNT = Pattern
		.compile("\\$\\s?(\\d{1,3}(?:,\\d{3})*(?:\\.\\d{2})?|\\d+(?:\\.\\d{2})?)");

	private final RequestRepository repository;

	private final EventLog events;

	private final Clock clock;

	Legs(RequestRepository repository, EventLog events, Clock clock) {
		this.repository = repository;
		this.events = events;
		this.clock = clock;
	}

	public Optional<ProviderLeg> find(String legId) {
		return this.repository.leg(legId);
	}

	/**
	 * Locks the leg's row until the transaction ends: work on one leg that runs on
	 * several consumers (its files read at once) takes turns.
	 */
	public ProviderLeg lock(String legId) {
		return this.repository.lockLeg(legId).orElseThrow(() -> new LegNotFoundException(legId));
	}

	public List<ProviderLeg> in(List<LegState> states) {
		return this.repository.legsIn(states);
	}

	/** The provider's legs in these states, latest changed first, at most so many. */
	public List<ProviderLeg> at(String providerId, Collection<LegState> states, int limit) {
		return this.repository.legsAt(providerId, List.copyOf(states), limit);
	}

	/**
	 * Legs in a state on a channel whose external reference (a fax job, a portal request)
	 * starts so, each with its reference: the database finds them, however many other
	 * legs wait.
	 */
	public Map<ProviderLeg, String> withReference(LegState state, String channel, String referencePrefix) {
		return this.repository.legsWithReference(state, channel, referencePrefix);
	}

	/**
	 * Legs whose authorization a person should look at: rejected, or accepted with one of
	 * these findings; not reviewed since (an {@code AUTHORIZATION_REVIEWED} event) and
	 * not cancelled.
	 */
	public List<ProviderLeg> toReview(List<String> findings) {
		return this.repository.legsToReview(findings);
	}

	/**
	 * Moves the leg to {@code change.to()} if it is in one of the {@code expected}
	 * states.
	 * @return {@code true} if the leg moved, {@code false} if it was not in an expected
	 * state (the work was done before)
	 * @throws IllegalTransitionException if the leg is in an expected state but may not
	 * move there
	 */
	@Transactional
	public boolean advance(String legId, Set<LegState> expected, Transition change) {
		ProviderLeg leg = this.repository.lockLeg(legId).orElseThrow(() -> new LegNotFoundException(legId));
		if (!expected.contains(leg.state())) {
			return false;
		}
		apply(leg, change);
		return true;
	}

	/**
	 * Moves the leg to {@code change.to()} from wherever it is, as a person asked.
	 * @throws IllegalTransitionException if its state machine does not allow it
	 */
	@Transactional
	public void move(String legId, Transition change) {
		ProviderLeg leg = this.repository.lockLeg(legId).orElseThrow(() -> new LegNotFoundException(legId));
		apply(leg, change);
	}

	/**
	 * Sets the channel a leg is sent on and the fallbacks to try after it, once.
	 * @return whether it was set now ({@code false} if it had been set before)
	 */
	@Transactional
	public boolean assignChannel(String legId, String channel, List<String> fallbacks, String reason,
			String ruleSetVersion, List<String> rulesFired) {
		ProviderLeg leg = this.repository.lockLeg(legId).orElseThrow(() -> new LegNotFoundException(legId));
		if (leg.channel() != null) {
			return false;
		}
		this.repository.updateChannel(legId, channel, fallbacks, this.clock.instant());
		this.events.append(TimelineEvent.of(leg.requestId(), legId, leg.providerId(), "CHANNEL_SELECTED", reason)
			.withChannel(channel)
			.withRules(ruleSetVersion, rulesFired));
		return true;
	}

	/**
	 * Moves a READY leg whose channel failed for good to its next fallback channel.
	 * @return the new channel, or {@code null} when no fallback is left (or the leg is
	 * not READY)
	 */
	@Transactional
	public String switchToFallback(String legId, String why) {
		ProviderLeg leg = this.repository.lockLeg(legId).orElseThrow(() -> new LegNotFoundException(legId));
		List<String> fallbacks = this.repository.fallbacks(legId);
		if (leg.state() != LegState.READY || fallbacks.isEmpty()) {
			return null;
		}
		String next = fallbacks.get(0);
		this.repository.updateChannel(legId, next, fallbacks.subList(1, fallbacks.size()), this.clock.instant());
		this.events.append(
				TimelineEvent
					.of(leg.requestId(), legId, leg.providerId(), "CHANNEL_SWITCHED",
							leg.channel() + " failed (" + why + "); trying " + next)
					.withChannel(next));
		return next;
	}

	/** Keeps the provider's own id for the leg (a portal's request number). */
	@Transactional
	public void setExternalReference(String legId, String reference) {
		this.repository.updateExternalReference(legId, reference);
	}

	public String externalReference(String legId) {
		return this.repository.externalReference(legId);
	}

	/**
	 * Records a provider's message on the leg's timeline: the provider answered, which
	 * resets the follow-ups counted on the channel.
	 */
	@Transactional
	public void providerMessage(ProviderLeg leg, String detail, String channel) {
		this.repository.providerAnswered(leg.id(), this.clock.instant());
		record(leg, "PROVIDER_MESSAGE", detail, channel);
	}

	/** Records an event on the leg's timeline without changing its state. */
	@Transactional
	public void record(ProviderLeg leg, String type, String detail, String channel) {
		this.events.append(TimelineEvent.of(leg.requestId(), leg.id(), leg.providerId(), type, detail)
			.withChannel((channel != null) ? channel : leg.channel()));
	}

	/** The first dollar amount of a fee quote, or {@code null}. */
	static BigDecimal feeQuote(String text) {
		Matcher amount = (text != null) ? AMOUNT.matcher(text) : null;
		return (amount != null && amount.find()) ? new BigDecimal(amount.group(1).replace(",", "")) : null;
	}

	private void apply(ProviderLeg leg, Transition change) {
		if (!leg.state().canMoveTo(change.to())) {
			throw new IllegalTransitionException(leg.id(), leg.state(), change.to());
		}
		Instant now = this.clock.instant();
		// the leg's own channel is set once, by the plan step; a transition's channel is
		// the event's
		this.repository.updateLeg(leg.id(), change.to(), null, change.reason(), now);
		this.repository.updateClock(leg.id(), change.to(),
				PROVIDER_ANSWERS.contains(change.to()) && leg.state().isWaiting(),
				(change.to() == LegState.AWAITING_FEE_APPROVAL) ? feeQuote(change.reason()) : null, now);
		this.events
			.append(TimelineEvent.of(leg.requestId(), leg.id(), leg.providerId(), "STATE_CHANGED", change.reason())
				.withStates(leg.state().name(), change.to().name())
				.withChannel((change.channel() != null) ? change.channel() : leg.channel())
				.withRules(change.ruleSetVersion(), change.rulesFired()));
		List<LegState> states = this.repository.legs(leg.requestId()).stream().map(ProviderLeg::state).toList();
		this.repository.updateStatus(leg.requestId(), RequestStatus.of(states));
	}

	/**
	 * A state change and what explains it.
	 *
	 * @param reason why, in words a user reads on the timeline (no patient data)
	 * @param channel the channel it happened on, if any (for the timeline)
	 * @param ruleSetVersion the rule set that decided it, if any
	 * @param rulesFired the rules that fired, if any
	 */
	public record Transition(LegState to, String reason, String channel, String ruleSetVersion,
			List<String> rulesFired) {

		public static Transition to(LegState to, String reason) {
			return new Transition(to, reason, null, null, null);
		}

		public Transition on(String channel) {
			return new Transition(this.to, this.reason, channel, this.ruleSetVersion, this.rulesFired);
		}

		public Transition decidedBy(String ruleSetVersion, List<String> rulesFired) {
			return new Transition(this.to, this.reason, this.channel, ruleSetVersion, rulesFired);
		}

	}

}
