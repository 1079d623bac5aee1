package org.recordhub.request;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.camel.ProducerTemplate;
import org.recordhub.document.DocumentStore;
import org.recordhub.document.FileFormat;
import org.recordhub.provider.Provider;
import org.recordhub.provider.ProviderDirectory;
import org.recordhub.security.Caller;
import org.recordhub.system.Queues;
import org.recordhub.tracking.EventLog;
import org.recordhub.tracking.TimelineEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Takes retrieval requests in, lets callers read their own, and cancels them. */
@Service
public class RequestService {

	private static final Logger logger = LoggerFactory.getLogger(RequestService.class);

	/** The most requests a search by patient name looks through. */
	private static final int PATIENT_SEARCH_LIMIT = 1000;

	private final RequestRepository repository;

	private final Legs legs;

	private final EventLog events;

	private final ProviderDirectory directory;

	private final DocumentStore documents;

	private final ProducerTemplate producer;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final AuthorizationReaders readers;

	private final PatientIdentifiers patientIdentifiers;

	RequestService(RequestRepository repository, Legs legs, EventLog events, ProviderDirectory directory,
			DocumentStore documents, ProducerTemplate producer, TransactionTemplate transaction, Clock clock,
			AuthorizationReaders readers, PatientIdentifiers patientIdentifiers) {
		this.readers = readers;
		this.patientIdentifiers = patientIdentifiers;
		this.repository = repository;
		this.legs = legs;
		this.events = events;
		this.directory = directory;
		this.documents = documents;
		this.producer = producer;
		this.transaction = transaction;
		this.clock = clock;
	}

	/**
	 * Persists a request with one leg per provider and starts each leg on its way. The
	 * legs reach the authorization stage even if this process dies right after the commit
	 * (see FlowRecovery).
	 */
	public RetrievalRequest submit(RetrievalRequestForm form, Caller caller) {
		for (String providerId : form.providers()) {
			Provider provider = this.directory.find(providerId)
				.filter((p) -> p.role() == Provider.Role.PROVIDER)
				.orElseThrow(() -> new InvalidRequestException("UNKNOWN_PROVIDER",
						"Provider '" + providerId + "' is not in the directory."));
			if (!provider.active()) {
				throw new InvalidRequestException("INACTIVE_PROVIDER",
						"Provider '" + providerId + "' is inactive in the directory (closed, or its NPI deactivated).");
			}
		}
		List<String> identifierProblems = this.patientIdentifiers.problems(form.patient());
		if (!identifierProblems.isEmpty()) {
			throw new InvalidRequestException("INVALID_PATIENT_IDENTIFIER",
					String.join("; ", identifierProblems) + " (records are delivered as FHIR, whose rules these are)");
		}
		if (form.providers().stream().distinct().count() != form.providers().size()) {
			throw new InvalidRequestException("DUPLICATE_PROVIDER", "Each provider may be named once per request.");
		}
		if (caller.organizationId() == null || this.directory.find(caller.organizationId()).isEmpty()) {
			throw new InvalidRequestException("UNKNOWN_ORGANIZATION",
					"Your organisation is not in the directory, so records could not be delivered to it.");
		}
		String documentSha256 = storeAuthorizationDocument(form.authorizationDocument());
		AuthorizationForm authorization = authorizationOf(form);
		String id = UUID.randomUUID().toString();
		Instant now = this.clock.instant();
		List<ProviderLeg> legs = form.providers()
			.stream()
			.map((providerId) -> new ProviderLeg(UUID.randomUUID().toString(), id, providerId, LegState.NEW, null, null,
					now))
			.toList();
		RetrievalRequest request = new RetrievalRequest(id, caller.organizationId(), caller.username(), now,
				RequestStatus.IN_PROGRESS, form.purpose().toUpperCase(), form.priority(),
				new RequestDetails(form.patient(), authorization, documentSha256, form.dateRange(), form.recordTypes(),
						form.informationCategories(), form.preferredChannel()),
				legs);
		this.transaction.executeWithoutResult((status) -> {
			this.repository.insert(request);
			this.events.append(TimelineEvent.of(id, null, null, "REQUEST_CREATED",
					legs.size() + " provider leg(s), submitted by " + caller.username()));
		});
		logger.info("Request {} accepted with {} leg(s)", id, legs.size());
		legs.forEach(this::start);
		return request;
	}

	/** Sends a leg to the authorization stage. */
	public void start(ProviderLeg leg) {
		this.producer.sendBody(Queues.uri(Queues.AUTHORIZE), leg.id());
	}

	/**
	 * A request by id, for the stages: no caller, so never expose this through the API.
	 */
	public RetrievalRequest load(String id) {
		return this.repository.find(id).orElseThrow(() -> new RequestNotFoundException(id));
	}

	/** The follow-up clocks of the request's legs, by leg id. */
	public java.util.Map<String, LegClock> clocks(String requestId) {
		return this.repository.clocks(requestId);
	}

	public RetrievalRequest get(String id, Caller caller) {
		return this.repository.find(id)
			.filter((request) -> caller.maySee(request.organizationId()))
			.orElseThrow(() -> new RequestNotFoundException(id));
	}

	/**
	 * The requests the caller may see that match the filter, newest first: a requester
	 * sees its own organisation's only and cannot search by patient.
	 */
	public Page search(Caller caller, RequestFilter filter, int page, int size) {
		RequestFilter scoped = caller.seesAllOrganizations() ? filter
				: filter.withOrganization(caller.organizationId()).withoutPatient();
		Instant now = this.clock.instant();
		if (!scoped.hasPatient()) {
			return new Page(this.repository.page(scoped, now, page, size), page, size,
					this.repository.count(scoped, now));
		}
		// the database narrows by one word of the name; every word must be in the
		// patient's name
		List<String> words = scoped.patientWords();
		List<RetrievalRequest> matching = this.repository.page(scoped, now, 0, PATIENT_SEARCH_LIMIT)
			.stream()
			.filter((request) -> {
				String name = request.details().patient().displayName().toLowerCase();
				return words.stream().allMatch(name::contains);
			})
			.toList();
		int from = Math.min(matching.size(), page * size);
		return new Page(matching.subList(from, Math.min(matching.size(), from + size)), page, size, matching.size());
	}

	/** How many legs are in each state, among the requests the caller may see. */
	public java.util.Map<LegState, Long> legStates(Caller caller) {
		return this.repository.legStates(caller.seesAllOrganizations() ? null : caller.organizationId());
	}

	/**
	 * Cancels every leg that has not settled; a request with nothing left to cancel is a
	 * conflict.
	 */
	public RetrievalRequest cancel(String id, Caller caller) {
		RetrievalRequest request = get(id, caller);
		List<ProviderLeg> open = request.legs().stream().filter((leg) -> !leg.state().isSettled()).toList();
		if (open.isEmpty()) {
			ProviderLeg first = request.legs().get(0);
			throw new IllegalTransitionException(first.id(), first.state(), LegState.CANCELLED);
		}
		this.transaction.executeWithoutResult((status) -> open.forEach((leg) -> this.legs.move(leg.id(),
				Legs.Transition.to(LegState.CANCELLED, "Cancelled by " + caller.username()))));
		return get(id, caller);
	}

	/**
	 * Replaces the request's authorization with a corrected one and checks every rejected
	 * leg again. Legs already under way keep going: nothing done is lost.
	 */
	public RetrievalRequest replaceAuthorization(String id, AuthorizationUpdate update, Caller caller) {
		RetrievalRequest request = get(id, caller);
		String documentSha256 = (update.authorizationDocument() != null)
				? storeAuthorizationDocument(update.authorizationDocument())
				: request.details().authorizationDocumentSha256();
		RequestDetails old = request.details();
		List<ProviderLeg> rejected = request.legs()
			.stream()
			.filter((leg) -> leg.state() == LegState.AUTHORIZATION_REJECTED)
			.toList();
		this.transaction.executeWithoutResult((status) -> {
			this.repository.updateDetails(id, new RequestDetails(old.patient(), update.authorization(), documentSha256,
					old.dateRange(), old.recordTypes(), old.informationCategories(), old.preferredChannel()));
			this.events.append(TimelineEvent.of(id, null, null, "AUTHORIZATION_REPLACED", "Authorization replaced by "
					+ caller.username() + "; " + rejected.size() + " rejected leg(s) checked again"));
			rejected.forEach((leg) -> this.legs.move(leg.id(),
					Legs.Transition.to(LegState.AUTHORIZATION_CHECK, "Checking the corrected authorization")));
		});
		rejected.forEach(this::start);
		return get(id, caller);
	}

	/**
	 * Tries a leg again once a person fixed the cause: a FAILED leg is sent to the
	 * provider again (after a host key, password or route was fixed); a leg whose records
	 * are in but whose delivery failed is delivered again.
	 * @throws IllegalTransitionException if the leg neither failed nor waits for delivery
	 */
	public RetrievalRequest retry(String id, String legId, Caller caller) {
		ProviderLeg leg = get(id, caller).legs()
			.stream()
			.filter((candidate) -> candidate.id().equals(legId))
			.findFirst()
			.orElseThrow(() -> new LegNotFoundException(legId));
		if (leg.state() == LegState.COMPLETE || leg.state() == LegState.INCOMPLETE) {
			this.legs.record(leg, "DELIVERY_RETRIED", "Delivery retried by " + caller.username(), null);
			this.producer.sendBodyAndHeader(Queues.uri(Queues.DELIVER), leg.id(), Queues.GROUP, leg.id());
		}
		else {
			// only a FAILED leg is sent again by staff; one under way is left alone
			if (!this.legs.advance(leg.id(), Set.of(LegState.FAILED),
					Legs.Transition.to(LegState.READY, "Retried by " + caller.username()))) {
				throw new IllegalTransitionException(leg.id(), leg.state(), LegState.READY);
			}
			start(leg);
		}
		return get(id, caller);
	}

	/**
	 * Whether any request exists at all (the sandbox submits its demo requests only
	 * once).
	 */
	public boolean anyExist() {
		return this.repository.exists();
	}

	/**
	 * The fields as given, else read from RecordHub's filled form, else mapped from the
	 * FHIR Consent.
	 */
	private AuthorizationForm authorizationOf(RetrievalRequestForm form) {
		if (form.authorization() != null) {
			return form.authorization();
		}
		if (form.authorizationConsent() != null) {
			return this.readers.fromConsent(form.authorizationConsent().toString());
		}
		return this.readers.fromPdf(decode(form.authorizationDocument()));
	}

	private String storeAuthorizationDocument(String base64) {
		if (base64 == null || base64.isBlank()) {
			return null;
		}
		byte[] pdf = decode(base64);
		if (FileFormat.of(pdf) != FileFormat.PDF) {
			throw new InvalidRequestException("INVALID_AUTHORIZATION_DOCUMENT",
					"authorizationDocument must be a PDF (base64).");
		}
		return this.documents.put(pdf);
	}

	private static byte[] decode(String base64) {
		try {
			return Base64.getMimeDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException("INVALID_AUTHORIZATION_DOCUMENT",
					"authorizationDocument is not valid base64.");
		}
	}

	/** A page of requests, newest first. */
	public record Page(List<RetrievalRequest> items, int page, int size, long totalItems) {
	}

}
