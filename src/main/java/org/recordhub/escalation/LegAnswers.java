package org.recordhub.escalation;

import java.time.Clock;
import java.util.Set;

import org.recordhub.request.IllegalTransitionException;
import org.recordhub.request.LegNotFoundException;
import org.recordhub.request.LegState;
import org.recordhub.request.Legs;
import org.recordhub.request.Legs.Transition;
import org.recordhub.request.ProviderLeg;
import org.recordhub.request.RequestService;
import org.recordhub.request.RetrievalRequest;
import org.recordhub.security.Caller;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a requester (or HIM staff) answers when a leg waits on it: a copy fee above its
 * pre-approved limit, information the provider asked for; and HIM staff's one extension
 * of the HIPAA access clock. The answer goes on to the provider as a follow-up. The API
 * and the dashboard both answer through here.
 */
@Service
public class LegAnswers {

	private final RequestService requests;

	private final Legs legs;

	private final EscalationActions actions;

	private final EscalationRepository repository;

	private final Clock clock;

	LegAnswers(RequestService requests, Legs legs, EscalationActions actions, EscalationRepository repository,
			Clock clock) {
		this.requests = requests;
		this.legs = legs;
		this.actions = actions;
		this.repository = repository;
		this.clock = clock;
	}

	/**
	 * Approves (the leg goes on and the provider is told) or declines (the leg is
	 * cancelled) the provider's copy fee.
	 * @param note why, when declined
	 */
	public RetrievalRequest feeApproval(String requestId, String legId, boolean approved, String note, Caller caller) {
		leg(requestId, legId, LegState.AWAITING_FEE_APPROVAL, caller);
		if (approved) {
			this.legs.advance(legId, Set.of(LegState.AWAITING_FEE_APPROVAL),
					Transition.to(LegState.IN_PROGRESS, "Fee approved by " + caller.username()));
			this.actions.tellProvider(legId, "The copy fee is approved; please send the records.",
					"fee approved by the requester", this.clock.instant());
		}
		else {
			this.legs.advance(legId, Set.of(LegState.AWAITING_FEE_APPROVAL), Transition.to(LegState.CANCELLED,
					"Fee declined by " + caller.username() + ((note != null && !note.isBlank()) ? ": " + note : "")));
		}
		return this.requests.get(requestId, caller);
	}

	/** Sends the answer to the provider's question on and lets the leg go on. */
	public RetrievalRequest information(String requestId, String legId, String answer, Caller caller) {
		leg(requestId, legId, LegState.NEEDS_INFORMATION, caller);
		this.legs.advance(legId, Set.of(LegState.NEEDS_INFORMATION),
				Transition.to(LegState.IN_PROGRESS, "Information provided by " + caller.username()));
		this.actions.tellProvider(legId, "In answer to your question: " + answer,
				"the requester answered the provider's question", this.clock.instant());
		return this.requests.get(requestId, caller);
	}

	/**
	 * Extends the HIPAA 30-day access clock of a patient's own request once, by 30 days.
	 */
	@Transactional
	public RetrievalRequest extension(String requestId, String legId, String reason, Caller caller) {
		RetrievalRequest request = this.requests.get(requestId, caller);
		ProviderLeg leg = request.legs()
			.stream()
			.filter((l) -> l.id().equals(legId))
			.findFirst()
			.orElseThrow(() -> new LegNotFoundException(legId));
		if (!"AT_REQUEST_OF_INDIVIDUAL".equals(request.purpose()) || !leg.state().isWaiting()
				|| !this.repository.extend(legId, reason)) {
			throw new IllegalTransitionException(legId, leg.state(), leg.state());
		}
		this.legs.record(leg, "HIPAA_EXTENSION",
				"The 30-day access clock is extended once by 30 days (45 CFR 164.524(b)(2)(iii)): " + reason, null);
		this.repository.checkSoon(legId, this.clock.instant());
		return this.requests.get(requestId, caller);
	}

	private ProviderLeg leg(String requestId, String legId, LegState expected, Caller caller) {
		ProviderLeg leg = this.requests.get(requestId, caller)
			.legs()
			.stream()
			.filter((l) -> l.id().equals(legId))
			.findFirst()
			.orElseThrow(() -> new LegNotFoundException(legId));
		if (leg.state() != expected) {
			throw new IllegalTransitionException(legId, leg.state(), LegState.IN_PROGRESS);
		}
		return leg;
	}

}
