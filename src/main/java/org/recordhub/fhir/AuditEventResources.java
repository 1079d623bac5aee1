package org.recordhub.fhir;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.recordhub.request.RequestService;
import org.recordhub.security.Role;
import org.recordhub.tracking.EventLog;
import org.recordhub.tracking.TimelineEvent;

import org.springframework.stereotype.Component;

/**
 * The timeline as FHIR {@code AuditEvent}s, for admins only: every step of every request
 * (submissions, rule verdicts, channel sends, files received, deliveries, downloads), by
 * id, by request ({@code entity=Task/<id>}) or by date.
 */
@Component
class AuditEventResources implements IResourceProvider {

	static final String EVENT_TYPES = "https://recordhub.org/fhir/CodeSystem/timeline-event";

	private static final int LIMIT = 500;

	private final EventLog events;

	private final RequestService requests;

	AuditEventResources(EventLog events, RequestService requests) {
		this.events = events;
		this.requests = requests;
	}

	@Override
	public Class<? extends IBaseResource> getResourceType() {
		return AuditEvent.class;
	}

	@Read
	public AuditEvent read(@IdParam IdType id) {
		FhirApi.requireRole(Role.ADMIN);
		// ids are numbers: any other id names no event, it is not a server error
		return (id.isIdPartValidLong() ? this.events.find(id.getIdPartAsLong())
				: java.util.Optional.<TimelineEvent>empty())
			.map(AuditEventResources::audit)
			.orElseThrow(() -> new ResourceNotFoundException("AuditEvent/" + id.getIdPart() + " is not known"));
	}

	@Search
	public List<AuditEvent> search(@OptionalParam(name = AuditEvent.SP_ENTITY) ReferenceParam entity,
			@OptionalParam(name = AuditEvent.SP_DATE) DateRangeParam date) {
		FhirApi.requireRole(Role.ADMIN);
		List<TimelineEvent> found;
		if (entity != null) {
			found = this.events.forRequest(FhirApi.request(this.requests, entity.getIdPart()).id());
		}
		else {
			Instant from = (date != null && date.getLowerBoundAsInstant() != null)
					? date.getLowerBoundAsInstant().toInstant() : Instant.EPOCH;
			Instant to = (date != null && date.getUpperBoundAsInstant() != null)
					? date.getUpperBoundAsInstant().toInstant() : Instant.now().plusSeconds(60);
			found = this.events.between(from, to, LIMIT);
		}
		return found.stream()
			.filter((event) -> date == null || (!event.at().isBefore(lower(date)) && !event.at().isAfter(upper(date))))
			.map(AuditEventResources::audit)
			.toList();
	}

	private static Instant lower(DateRangeParam date) {
		return (date.getLowerBoundAsInstant() != null) ? date.getLowerBoundAsInstant().toInstant() : Instant.MIN;
	}

	private static Instant upper(DateRangeParam date) {
		return (date.getUpperBoundAsInstant() != null) ? date.getUpperBoundAsInstant().toInstant() : Instant.MAX;
	}

	static AuditEvent audit(TimelineEvent event) {
		AuditEvent audit = new AuditEvent();
		audit.setId(String.valueOf(event.id()));
		audit.setType(new Coding(EVENT_TYPES, event.type(), null));
		if (event.toState() != null) {
			audit.addSubtype(new Coding(EVENT_TYPES + "-state", event.toState(), null));
		}
		audit.setRecorded(Date.from(event.at()));
		audit.setOutcome(AuditEvent.AuditEventOutcome._0);
		audit.setOutcomeDesc(event.detail());
		audit.addAgent()
			.setRequestor(false)
			.setWho(new Reference()
				.setDisplay("RecordHub" + ((event.channel() != null) ? " (" + event.channel() + ")" : "")));
		audit.getSource().setObserver(new Reference().setDisplay("RecordHub"));
		if (event.requestId() != null) {
			audit.addEntity().setWhat(new Reference("Task/" + event.requestId()));
		}
		if (event.legId() != null) {
			audit.addEntity()
				.setWhat(new Reference().setIdentifier(
						new Identifier().setSystem(DeliveryBundles.ID_SYSTEM + "leg").setValue(event.legId())));
		}
		if (event.providerId() != null) {
			audit.addEntity().setWhat(new Reference("Organization/" + event.providerId()));
		}
		return audit;
	}

}
