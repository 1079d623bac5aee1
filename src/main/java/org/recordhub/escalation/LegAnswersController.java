package org.recordhub.escalation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.recordhub.request.RetrievalRequest;
import org.recordhub.security.Caller;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The requester's (or HIM staff's) answers to a leg that waits on them: see
 * {@link LegAnswers}.
 */
@RestController
@RequestMapping("/api/v1/requests/{id}/legs/{legId}")
@Tag(name = "Retrieval requests")
class LegAnswersController {

	private final LegAnswers answers;

	LegAnswersController(LegAnswers answers) {
		this.answers = answers;
	}

	@PostMapping("/fee-approval")
	@PreAuthorize("hasAnyRole('REQUESTER', 'HIM_STAFF')")
	@Operation(summary = "Approve or decline the provider's copy fee of a leg waiting in AWAITING_FEE_APPROVAL")
	RetrievalRequest feeApproval(@PathVariable String id, @PathVariable String legId,
			@Valid @RequestBody FeeApproval approval) {
		return this.answers.feeApproval(id, legId, approval.approved(), approval.note(), Caller.current());
	}

	@PostMapping("/information")
	@PreAuthorize("hasAnyRole('REQUESTER', 'HIM_STAFF')")
	@Operation(summary = "Answer the provider's question for a leg waiting in NEEDS_INFORMATION; "
			+ "the answer is sent to the provider and the leg goes on")
	RetrievalRequest information(@PathVariable String id, @PathVariable String legId,
			@Valid @RequestBody Information information) {
		return this.answers.information(id, legId, information.answer(), Caller.current());
	}

	@PostMapping("/extension")
	@PreAuthorize("hasAnyRole('HIM_STAFF', 'ADMIN')")
	@Operation(summary = "Extend the HIPAA 30-day access clock of a patient's own request once, by 30 days, "
			+ "with the reason (45 CFR 164.524(b)(2)(iii))")
	RetrievalRequest extension(@PathVariable String id, @PathVariable String legId,
			@Valid @RequestBody Extension extension) {
		return this.answers.extension(id, legId, extension.reason(), Caller.current());
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
