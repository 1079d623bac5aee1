package org.recordhub.channel;

import java.util.List;
import java.util.Locale;

/** The leg as the channel rules see it: how urgent, and which kinds of records. */
public record ChannelRequest(String priority, List<String> recordTypes) {

	public ChannelRequest {
		recordTypes = (recordTypes != null) ? recordTypes.stream().map((t) -> t.toUpperCase(Locale.ROOT)).toList()
				: List.of();
	}

	public String getPriority() {
		return this.priority;
	}

	public boolean hasRecordType(String type) {
		return this.recordTypes.contains(type.toUpperCase(Locale.ROOT));
	}

}
