package org.recordhub.channel;

import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.recordhub.provider.Provider;
import org.recordhub.provider.ProviderDirectory;
import org.recordhub.request.LegState;
import org.recordhub.request.Legs;
import org.recordhub.request.Legs.Transition;
import org.recordhub.request.ProviderLeg;
import org.recordhub.system.Queues;

import org.springframework.stereotype.Component;

/**
 * The plan step: picks the channel a READY leg is sent on. For now the provider's first
 * endpoint that has an outbound route in {@code routes/}; the channel rules replace this
 * choice.
 */
@Component
public class ChannelPlanner {

	private final Legs legs;

	private final ProviderDirectory directory;

	private final CamelContext camel;

	ChannelPlanner(Legs legs, ProviderDirectory directory, CamelContext camel) {
		this.legs = legs;
		this.directory = directory;
		this.camel = camel;
	}

	/**
	 * Chooses the channel once and returns the queue of the provider's outbound route, or
	 * {@code null} when the leg is not READY or cannot be sent (it is then FAILED, with
	 * the reason).
	 */
	public String plan(String legId) {
		ProviderLeg leg = this.legs.find(legId).orElseThrow();
		if (leg.state() != LegState.READY) {
			return null;
		}
		if (leg.channel() != null) {
			return Queues.dispatch(leg.channel(), leg.providerId());
		}
		Provider provider = this.directory.find(leg.providerId()).orElse(null);
		String channel = (provider != null) ? provider.endpoints()
			.stream()
			.map(Provider.Endpoint::channel)
			.filter((c) -> hasRoute(Queues.dispatch(c, leg.providerId())))
			.findFirst()
			.orElse(null) : null;
		if (channel == null) {
			this.legs.advance(legId, Set.of(LegState.READY), Transition.to(LegState.FAILED,
					"No outbound route in routes/ serves provider " + leg.providerId() + " on any of its endpoints"));
			return null;
		}
		if (this.legs.assignChannel(legId, channel,
				"Channel " + channel + ": the provider's first endpoint " + "with an outbound route")) {
			return Queues.dispatch(channel, leg.providerId());
		}
		return Queues.dispatch(this.legs.find(legId).orElseThrow().channel(), leg.providerId());
	}

	private boolean hasRoute(String queue) {
		for (Route route : this.camel.getRoutes()) {
			if (route.getEndpoint().getEndpointUri().endsWith(":" + queue)) {
				return true;
			}
		}
		return false;
	}

}
