package org.recordhub.channel;

import java.util.List;

/**
 * Which channel to try first and which next.
 *
 * @param reason every channel's points and what gave them, for the timeline
 */
public record ChannelDecision(String channel, List<String> fallbacks, String reason, String ruleSetVersion,
		List<String> rulesFired) {
}
