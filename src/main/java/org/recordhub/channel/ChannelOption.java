package org.recordhub.channel;

/**
 * One way to reach the provider for this leg, as the channel rules see it: an endpoint
 * that has an outbound route, with RecordHub's own history on it.
 *
 * @param failureRate share of this provider's legs that failed on this channel (0 to 1; 0
 * without history)
 * @param medianTurnaroundDays median days from sending to records received, or -1 without
 * history
 */
public record ChannelOption(String channel, boolean preferred, double failureRate, double medianTurnaroundDays) {

	public String getChannel() {
		return this.channel;
	}

	public boolean isPreferred() {
		return this.preferred;
	}

	public double getFailureRate() {
		return this.failureRate;
	}

	public double getMedianTurnaroundDays() {
		return this.medianTurnaroundDays;
	}

}
