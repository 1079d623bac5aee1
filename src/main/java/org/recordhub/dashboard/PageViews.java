package org.recordhub.dashboard;

import java.util.List;

import org.recordhub.security.Caller;
import org.recordhub.tracking.EventLog;
import org.recordhub.tracking.TimelineEvent;

import org.springframework.stereotype.Component;

/**
 * Every dashboard page that shows patient data writes an audit event (type
 * {@value #VIEWED}) on the timeline, which RecordHub's FHIR API also serves as
 * {@code AuditEvent}s.
 */
@Component
class PageViews {

	static final String VIEWED = "VIEWED";

	private final EventLog events;

	PageViews(EventLog events) {
		this.events = events;
	}

	void request(String requestId, Caller caller, String what) {
		leg(requestId, null, null, caller, what);
	}

	void leg(String requestId, String legId, String providerId, Caller caller, String what) {
		this.events.append(TimelineEvent.of(requestId, legId, providerId, VIEWED,
				what + " viewed in the dashboard by " + caller.username()));
	}

	/** A list that names patients: one event naming the requests it showed. */
	void list(List<String> requestIds, Caller caller, String what) {
		if (!requestIds.isEmpty()) {
			this.events.append(TimelineEvent.of(null, null, null, VIEWED, what + " viewed in the dashboard by "
					+ caller.username() + ", showing requests " + String.join(", ", requestIds)));
		}
	}

}
