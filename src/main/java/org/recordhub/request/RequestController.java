package org.recordhub.request;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.recordhub.document.RecordDocumentRepository;
import org.recordhub.provider.ProviderDirectory;
import org.recordhub.security.Caller;
import org.recordhub.tracking.EventLog;
import org.recordhub.tracking.TimelineEvent;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/requests")
@Tag(name = "Retrieval requests")
class RequestController {

	private final RequestService requests;

	private final EventLog events;

	private final ProviderDirectory directory;

	private final RecordDocumentRepository documents;

	RequestController(RequestService requests, EventLog events, ProviderDirectory directory,
			RecordDocumentRepository documents) {
		this.requests = requests;
		this.events = events;
		this.directory = directory;
		this.documents = documents;
	}

	@PostMapping
	@PreAuthorize("hasRole('REQUESTER')")
	@Operation(summary = "Submit a retrieval request: one leg per provider, for the caller's organisation")
	ResponseEntity<RequestView> submit(@Valid @RequestBody RetrievalRequestForm form) {
		Caller caller = Caller.current();
		RetrievalRequest request = this.requests.submit(form, caller);
		return ResponseEntity.created(URI.create("/api/v1/requests/" + request.id()))
			.body(view(this.requests.get(request.id(), caller)));
	}

	@GetMapping("/{id}")
	@Operation(summary = "A request with its legs and timeline")
	RequestView get(@PathVariable String id) {
		return view(this.requests.get(id, Caller.current()));
	}

	@GetMapping
	@Operation(summary = "Requests the caller may see, newest first: optionally only those in one status, with a "
			+ "leg at a provider, of one requester organisation (staff), submitted at least some days ago, with an "
			+ "overdue or escalated leg, or for a patient whose name has these words (staff)")
	PageView list(@RequestParam(required = false) RequestStatus status, @RequestParam(required = false) String provider,
			@RequestParam(required = false) String organization,
			@RequestParam(required = false) @Min(0) Integer olderThanDays,
			@RequestParam(defaultValue = "false") boolean overdue,
			@RequestParam(defaultValue = "false") boolean escalated, @RequestParam(required = false) String patient,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
		RequestService.Page found = this.requests.search(Caller.current(),
				new RequestFilter(status, provider, organization, olderThanDays, overdue, escalated, patient), page,
				size);
		return new PageView(found.items().stream().map(this::summary).toList(), found.page(), found.size(),
				found.totalItems());
	}

	@PostMapping("/{id}/cancel")
	@PreAuthorize("hasAnyRole('REQUESTER', 'HIM_STAFF', 'ADMIN')")
	@Operation(summary = "Cancel every leg that has not settled yet")
	RequestView cancel(@PathVariable String id) {
		return view(this.requests.cancel(id, Caller.current()));
	}

	@PutMapping("/{id}/authorization")
	@PreAuthorize("hasAnyRole('REQUESTER', 'HIM_STAFF')")
	@Operation(summary = "Replace the authorization with a corrected one; rejected legs are checked again")
	RequestView replaceAuthorization(@PathVariable String id, @Valid @RequestBody AuthorizationUpdate update) {
		return view(this.requests.replaceAuthorization(id, update, Caller.current()));
	}

	@PostMapping("/{id}/legs/{legId}/retry")
	@PreAuthorize("hasAnyRole('HIM_STAFF', 'ADMIN')")
	@Operation(summary = "Send a FAILED leg again once its cause is fixed")
	RequestView retry(@PathVariable String id, @PathVariable String legId) {
		return view(this.requests.retry(id, legId, Caller.current()));
	}

	private RequestView view(RetrievalRequest request) {
		return view(request, true);
	}

	/** A page lists requests without their authorization fields and timelines. */
	private RequestView summary(RetrievalRequest request) {
		return view(request, false);
	}

	private RequestView view(RetrievalRequest request, boolean full) {
		RequestDetails details = request.details();
		return new RequestView(request.id(), request.organizationId(), request.status(), request.createdAt(),
				request.createdBy(), request.purpose(), request.priority(), details.patient(), details.dateRange(),
				details.recordTypes(), full ? details.authorization() : null, details.authorizationDocumentSha256(),
				legs(request, full), full ? this.events.forRequest(request.id()) : null);
	}

	private List<LegView> legs(RetrievalRequest request, boolean full) {
		java.util.Map<String, LegClock> clocks = full ? this.requests.clocks(request.id()) : java.util.Map.of();
		return request.legs()
			.stream()
			.map((leg) -> new LegView(leg.id(), leg.providerId(), this.directory.name(leg.providerId()), leg.state(),
					leg.channel(), leg.stateReason(), leg.updatedAt(), clocks.get(leg.id()),
					full ? this.documents.forLeg(leg.id()) : null))
			.toList();
	}

	record RequestView(String id, String organizationId, RequestStatus status, Instant createdAt, String createdBy,
			String purpose, Priority priority, Patient patient, DateRange dateRange, List<String> recordTypes,
			AuthorizationForm authorization, String authorizationDocumentSha256, List<LegView> legs,
			List<TimelineEvent> timeline) {
	}

	/**
	 * @param clock follow-ups, escalation and the next check (in a request's full view)
	 * @param documents the documents found in the leg's records, by date of service (in a
	 * request's full view)
	 */
	record LegView(String id, String providerId, String providerName, LegState state, String channel,
			String stateReason, Instant updatedAt, LegClock clock,
			List<RecordDocumentRepository.RecordDocument> documents) {
	}

	record PageView(List<RequestView> items, int page, int size, long totalItems) {
	}

}
