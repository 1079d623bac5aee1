package org.recordhub.escalation;

import java.time.Clock;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.recordhub.request.IllegalTransitionException;
import org.recordhub.request.LegNotFoundException;
import org.recordhub.request.LegState;
import org.recordhub.request.Legs;
import org.recordhub.request.Legs.Transition;
import org.recordhub.request.ProviderLeg;
import org.recordhub.request.RequestService;
import org.recordhub.request.RetrievalRequest;
import org.recordhub.security.Caller;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a requester (or HIM staff) answers when a leg waits on it: a copy fee above its
 * pre-approved limit, information the provider asked for; and HIM staff's one extension
 * of the HIPAA access clock. The answer goes on to the provider as a follow-up.
 */
@RestController
@RequestMapping("/api/v1/requests/{id}/legs/{legId}")
@Tag(name = "Retrieval requests")
class LegAnswersController {

	private final RequestService requests;

	private final Legs legs;

	private final EscalationActions actions;

	private final EscalationRepository repository;

	private final Clock clock;

	LegAnswersController(RequestService requests, Legs legs, EscalationActions actions, EscalationRepository repository,
			Clock clock) {
		this.requests = requests;
		this.legs = legs;
		this.actions = actions;
		this.repository = repository;
		this.clock = clock;
	}

	@PostMapping("/fee-approval")
	@PreAuthorize("hasAnyRole('REQUESTER', 'HIM_STAFF')")
	@Operation(summary = "Approve or decline the provider's copy fee of a leg waiting in AWAITING_FEE_APPROVAL")
	RetrievalRequest feeApproval(@PathVariable String id, @PathVariable String legId,
			@Valid @RequestBody FeeApproval approval) {
		ProviderLeg leg = leg(id, legId, LegState.AWAITING_FEE_APPROVAL);
		Caller caller = Caller.current();
		if (approval.approved()) {
			this.legs.advance(legId, Set.of(LegState.AWAITING_FEE_APPROVAL),
					Transition.to(LegState.IN_PROGRESS, "Fee approved by " + caller.username()));
			this.actions.tellProvider(legId, "The copy fee is approved; please send the records.",
					"fee approved by the requester", this.clock.instant());
		}
		else {
			this.legs.advance(legId, Set.of(LegState.AWAITING_FEE_APPROVAL),
					Transition.to(LegState.CANCELLED, "Fee declined by " + caller.username()
							+ ((approval.note() != null) ? ": " + approval.note() : "")));
		}
		return this.requests.get(id, caller);
	}

	@PostMapping("/information")
	@PreAuthorize("hasAnyRole('REQUESTER', 'HIM_STAFF')")
	@Operation(summary = "Answer the provider's question for a leg waiting in NEEDS_INFORMATION; "
			+ "the answer is sent to the provider and the leg goes on")
	RetrievalRequest information(@PathVariable String id, @PathVariable String legId,
			@Valid @RequestBody Information information) {
		leg(id, legId, LegState.NEEDS_INFORMATION);
		Caller caller = Caller.current();
		this.legs.advance(legId, Set.of(LegState.NEEDS_INFORMATION),
				Transition.to(LegState.IN_PROGRESS, "Information provided by " + caller.username()));
		this.actions.tellProvider(legId, "In answer to your question: " + information.answer(),
				"the requester answered the provider's question", this.clock.instant());
		return this.requests.get(id, caller);
	}

	@PostMapping("/extension")
	@PreAuthorize("hasAnyRole('HIM_STAFF', 'ADMIN')")
	@Operation(summary = "Extend the HIPAA 30-day access clock of a patient's own request once, by 30 days, "
			+ "with the reason (45 CFR 164.524(b)(2)(iii))")
	@Transactional
	RetrievalRequest extension(@PathVariable String id, @PathVariable String legId,
			@Valid @RequestBody Extension extension) {
		RetrievalRequest request = this.requests.get(id, Caller.current());
		ProviderLeg leg = request.legs()
			.stream()
			.filter((l) -> l.id().equals(legId))
			.findFirst()
			.orElseThrow(() -> new LegNotFoundException(legId));
		if (!"AT_REQUEST_OF_INDIVIDUAL".equals(request.purpose()) || !leg.state().isWaiting()
				|| !this.repository.extend(legId, extension.reason())) {
			throw new IllegalTransitionException(legId, leg.state(), leg.state());
		}
		this.legs.record(leg, "HIPAA_EXTENSION",
				"The 30-day access clock is extended once by 30 days (45 CFR 164.524(b)(2)(iii)): "
						+ extension.reason(),
				null);
		this.repository.checkSoon(legId, this.clock.instant());
		return this.requests.get(id, Caller.current());
	}

	private ProviderLeg leg(String id, String legId, LegState expected) {
		ProviderLeg leg = this.requests.get(id, Caller.current())
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

	/**
	 * @param note why, when declined
	 */
	record FeeApproval(@NotNull Boolean approved, String note) {
	}

	record Information(@NotBlank String answer) {
	}

	record Extension(@NotBlank String reason) {
	}

}
