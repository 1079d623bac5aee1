package org.recordhub.channel;

import java.util.List;
import java.util.Locale;

/**
 * The leg as the channel rules see it: how urgent, which kinds of records, and the
 * channel the requester would like (or null).
 */
public record ChannelRequest(String priority, List<String> recordTypes, String requesterPreference) {

	public ChannelRequest {
		recordTypes = (recordTypes != null) ? recordTypes.stream().map((t) -> t.toUpperCase(Locale.ROOT)).toList()
				: List.of();
	}

	public String getPriority() {
		return this.priority;
	}

	public String getRequesterPreference() {
		return this.requesterPreference;
	}

	public boolean hasRecordType(String type) {
		return this.recordTypes.contains(type.toUpperCase(Locale.ROOT));
	}

}
