package org.recordhub.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.recordhub.document.ReceivedFile;
import org.recordhub.document.ReceivedFiles;
import org.recordhub.flow.DeadLetters;
import org.recordhub.provider.ProviderDirectory;
import org.recordhub.request.LegClock;
import org.recordhub.request.LegState;
import org.recordhub.request.Legs;
import org.recordhub.request.ProviderLeg;
import org.recordhub.request.RequestService;
import org.recordhub.request.RetrievalRequest;
import org.recordhub.security.Caller;
import org.recordhub.tracking.EventLog;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * HIM staff's work queues: files nobody could match, possible misfiles, quarantined
 * files, authorizations to review, fee approvals, dead letters and failed deliveries;
 * each with the action that clears it.
 */
@Controller
@RequestMapping("/dashboard/queues")
@PreAuthorize("hasAnyRole('HIM_STAFF', 'ADMIN')")
class WorkQueuePages {

	private static final String BACK = "/dashboard/queues";

	/** Findings a person should look at even though the authorization was accepted. */
	private static final List<String> REVIEW_FINDINGS = List.of("SENSITIVE_CATEGORIES", "MINOR_PATIENT_SIGNED");

	private final ReceivedFiles files;

	private final Legs legs;

	private final RequestService requests;

	private final ProviderDirectory directory;

	private final DeadLetters deadLetters;

	private final EventLog events;

	private final PageViews views;

	private final Actions actions;

	WorkQueuePages(ReceivedFiles files, Legs legs, RequestService requests, ProviderDirectory directory,
			DeadLetters deadLetters, EventLog events, PageViews views, Actions actions) {
		this.files = files;
		this.legs = legs;
		this.requests = requests;
		this.directory = directory;
		this.deadLetters = deadLetters;
		this.events = events;
		this.views = views;
		this.actions = actions;
	}

	@GetMapping
	String queues(Model model) {
		Caller caller = Caller.current();
		// the legs a file may be assigned to: its provider's that still take records
		List<LegState> takingRecords = List.copyOf(LegState.leadingTo(LegState.RECORDS_RECEIVED));
		List<Unmatched> unmatched = this.files.inStatus(ReceivedFile.Status.UNMATCHED)
			.stream()
			.map((file) -> new Unmatched(file, sender(file.providerId()),
					(file.providerId() != null)
							? this.legs.at(file.providerId(), takingRecords, 200).stream().map(this::legChoice).toList()
							: List.of()))
			.toList();
		List<LegItem> fees = this.legs.in(List.of(LegState.AWAITING_FEE_APPROVAL)).stream().map(this::item).toList();
		List<LegItem> failed = failedLegs().stream().map(this::item).toList();
		List<LegItem> review = this.legs.toReview(REVIEW_FINDINGS).stream().map(this::item).toList();
		List<String> shown = new ArrayList<>();
		for (List<LegItem> items : List.of(fees, failed, review)) {
			items.forEach((item) -> shown.add(item.request().id()));
		}
		this.views.list(shown.stream().distinct().toList(), caller, "Work queues");
		model.addAttribute("unmatched", unmatched);
		model.addAttribute("held", this.files.inStatus(ReceivedFile.Status.HELD));
		model.addAttribute("quarantined", this.files.inStatus(ReceivedFile.Status.QUARANTINED));
		model.addAttribute("fees", fees);
		model.addAttribute("failed", failed);
		model.addAttribute("review", review);
		model.addAttribute("deadLetters", this.deadLetters.list());
		return "dashboard/queues";
	}

	/** The file as the provider sent it (the viewing is recorded). */
	@GetMapping("/files/{id}")
	ResponseEntity<byte[]> file(@PathVariable String id) {
		byte[] content = this.files.content(id, Caller.current().username());
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(org.recordhub.document.FileFormat.of(content).mediaType()))
			.header(HttpHeaders.CONTENT_DISPOSITION, "inline")
			.body(content);
	}

	@PostMapping("/files/{id}/assign")
	String assign(@PathVariable String id, @RequestParam(required = false) String legId, RedirectAttributes redirect) {
		return this.actions.run(redirect, BACK, "File assigned: it is being read for its leg.", () -> {
			if (legId == null || legId.isBlank()) {
				throw new IllegalArgumentException("Choose the leg the file belongs to.");
			}
			this.files.assign(id, legId, Caller.current().username());
		});
	}

	@PostMapping("/files/{id}/retry")
	String retry(@PathVariable String id, RedirectAttributes redirect) {
		return this.actions.run(redirect, BACK, "File read again.",
				() -> this.files.retry(id, Caller.current().username()));
	}

	@PostMapping("/files/{id}/clear")
	String clear(@PathVariable String id, RedirectAttributes redirect) {
		return this.actions.run(redirect, BACK, "Cleared: the file is read again and delivered.",
				() -> this.files.clear(id, Caller.current().username()));
	}

	@PostMapping("/files/{id}/reject")
	String reject(@PathVariable String id, RedirectAttributes redirect) {
		return this.actions.run(redirect, BACK, "Rejected: the file is kept and never delivered.",
				() -> this.files.reject(id, Caller.current().username()));
	}

	@PostMapping("/dead-letters/replay")
	String replay(@RequestParam String messageId, RedirectAttributes redirect) {
		return this.actions.run(redirect, BACK, "Message replayed onto its queue.",
				() -> this.deadLetters.replay(messageId, Caller.current().username()));
	}

	@PostMapping("/legs/{legId}/reviewed")
	String reviewed(@PathVariable String legId, RedirectAttributes redirect) {
		return this.actions.run(redirect, BACK, "Authorization marked as reviewed.", () -> {
			ProviderLeg leg = this.legs.find(legId).orElseThrow(() -> new IllegalArgumentException("No such leg."));
			this.legs.record(leg, "AUTHORIZATION_REVIEWED",
					"Authorization findings reviewed by " + Caller.current().username(), null);
		});
	}

	/** Legs that failed, and legs whose records are in but whose delivery failed. */
	private List<ProviderLeg> failedLegs() {
		List<ProviderLeg> failed = new ArrayList<>(this.legs.in(List.of(LegState.FAILED)));
		for (ProviderLeg leg : this.legs.in(List.of(LegState.COMPLETE, LegState.INCOMPLETE))) {
			if (this.events.has(leg.id(), "DELIVERY_FAILED")) {
				failed.add(leg);
			}
		}
		return failed;
	}

	private LegItem item(ProviderLeg leg) {
		RetrievalRequest request = this.requests.load(leg.requestId());
		Map<String, LegClock> clocks = this.requests.clocks(leg.requestId());
		return new LegItem(request, leg, this.directory.name(leg.providerId()), clocks.get(leg.id()));
	}

	private LegChoice legChoice(ProviderLeg leg) {
		RetrievalRequest request = this.requests.load(leg.requestId());
		return new LegChoice(leg.id(), request.details().patient().displayName() + " (born "
				+ request.details().patient().birthDate() + ") · " + request.organizationId() + " · " + leg.state());
	}

	/** A file's sender: a provider, or none known (a shared route's unknown number). */
	private String sender(String providerId) {
		return (providerId == null) ? "unknown sender" : this.directory.name(providerId);
	}

	record Unmatched(ReceivedFile file, String providerName, List<LegChoice> legs) {
	}

	record LegChoice(String legId, String label) {
	}

	record LegItem(RetrievalRequest request, ProviderLeg leg, String providerName, LegClock clock) {
	}

}
