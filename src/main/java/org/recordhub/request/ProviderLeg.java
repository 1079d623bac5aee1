package org.recordhub.request;

import java.time.Instant;

/** The unit of work with one provider within a {@link RetrievalRequest}. */
public record ProviderLeg(String id, String requestId, String providerId, LegState state, String channel,
		String stateReason, Instant updatedAt) {
}
