package org.recordhub.channel;

/**
 * Points a rule gives a channel, and why. The channel with most points is tried first.
 */
public record ChannelScore(String channel, int points, String reason) {
}
