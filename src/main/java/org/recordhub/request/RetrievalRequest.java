package org.recordhub.request;

import java.time.Instant;
import java.util.List;

/** A requester's ask for one patient's records from one or more providers. */
public record RetrievalRequest(String id, String organizationId, String createdBy, Instant createdAt,
		RequestStatus status, String purpose, Priority priority, RequestDetails details, List<ProviderLeg> legs) {
}
