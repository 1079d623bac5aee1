package org.recordhub.channel;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.recordhub.provider.Provider;
import org.recordhub.provider.ProviderDirectory;
import org.recordhub.request.LegState;
import org.recordhub.request.Legs;
import org.recordhub.request.Legs.Transition;
import org.recordhub.request.ProviderLeg;
import org.recordhub.request.RequestDetails;
import org.recordhub.request.RequestService;
import org.recordhub.request.RetrievalRequest;
import org.recordhub.system.Queues;
import org.recordhub.system.Routes;

import org.springframework.stereotype.Component;

/**
 * The plan step: the channel rules pick the channel a READY leg is sent on, and the
 * fallbacks, among the provider's endpoints that have an outbound route in
 * {@code routes/}: the provider's own, or the channel's shared one.
 */
@Component
public class ChannelPlanner {

	private final Legs legs;

	private final ProviderDirectory directory;

	private final RequestService requests;

	private final ChannelRules rules;

	private final ChannelStatistics statistics;

	private final CamelContext camel;

	private final ProducerTemplate producer;

	ChannelPlanner(Legs legs, ProviderDirectory directory, RequestService requests, ChannelRules rules,
			ChannelStatistics statistics, CamelContext camel, ProducerTemplate producer) {
		this.legs = legs;
		this.directory = directory;
		this.requests = requests;
		this.rules = rules;
		this.statistics = statistics;
		this.camel = camel;
		this.producer = producer;
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
			return queue(leg.channel(), leg.providerId());
		}
		Provider provider = this.directory.find(leg.providerId()).orElseThrow();
		Map<String, ChannelStatistics.Stats> history = this.statistics.forProvider(provider.id());
		List<ChannelOption> options = provider.endpoints()
			.stream()
			.map(Provider.Endpoint::channel)
			.distinct()
			.filter((channel) -> queue(channel, provider.id()) != null)
			.map((channel) -> option(channel, provider, history.get(channel)))
			.toList();
		RetrievalRequest request = this.requests.load(leg.requestId());
		RequestDetails details = request.details();
		String requesterPreference = (details.preferredChannel() != null) ? details.preferredChannel()
				: this.directory.find(request.organizationId()).map(Provider::preferredChannel).orElse(null);
		ChannelDecision decision = this.rules
			.decide(new ChannelRequest(request.priority().name(), details.recordTypes(), requesterPreference), options);
		if (decision.channel() == null) {
			this.legs.advance(legId, Set.of(LegState.READY), Transition.to(LegState.FAILED,
					"No outbound route in routes/ serves provider " + leg.providerId() + " on any of its endpoints"));
			return null;
		}
		this.legs.assignChannel(legId, decision.channel(), decision.fallbacks(),
				"Channel " + decision.channel()
						+ (decision.fallbacks().isEmpty() ? "" : ", then " + String.join(", ", decision.fallbacks()))
						+ ": " + decision.reason(),
				decision.ruleSetVersion(), decision.rulesFired());
		return queue(this.legs.find(legId).orElseThrow().channel(), leg.providerId());
	}

	/**
	 * The leg's channel failed for good (retries exhausted, or the channel reports the
	 * request never arrived): the leg moves to the next fallback the channel rules chose
	 * and is sent there, or FAILED when there is none.
	 */
	public void failOver(String legId, String reason) {
		String queue = switchChannel(legId, reason);
		if (queue != null) {
			this.producer.sendBodyAndHeader(Queues.uri(queue), legId, Queues.LEG_ID, legId);
		}
	}

	/**
	 * Moves the leg to its next fallback channel, READY to be sent there, and says where
	 * to send it; or moves it to FAILED when there is none.
	 * @return the dispatch queue of the new channel, or {@code null} when the leg failed
	 */
	public String switchChannel(String legId, String reason) {
		ProviderLeg leg = this.legs.find(legId).orElseThrow();
		if (leg.state() == LegState.SUBMITTED) {
			this.legs.advance(legId, Set.of(LegState.SUBMITTED), Transition.to(LegState.READY,
					"The request did not reach the provider on " + leg.channel() + ": " + reason));
		}
		String next = this.legs.switchToFallback(legId, reason);
		String queue = (next != null) ? queue(next, leg.providerId()) : null;
		if (queue == null) {
			this.legs.advance(legId, LegState.leadingTo(LegState.FAILED),
					Transition.to(LegState.FAILED, "Failed after retries: " + reason));
		}
		return queue;
	}

	/**
	 * The queue of the route that sends to this provider on this channel: the provider's
	 * own route, else the channel's shared route (which takes the address from the
	 * directory), else {@code null}.
	 */
	public String queue(String channel, String providerId) {
		for (String queue : List.of(Queues.dispatch(channel, providerId), Queues.dispatch(channel, Queues.SHARED))) {
			if (hasRoute(queue)) {
				return queue;
			}
		}
		return null;
	}

	private static ChannelOption option(String channel, Provider provider, ChannelStatistics.Stats stats) {
		return new ChannelOption(channel, channel.equals(provider.preferredChannel()),
				(stats != null) ? stats.failureRate() : 0, (stats != null) ? stats.medianTurnaroundDays() : -1);
	}

	private boolean hasRoute(String queue) {
		return Routes.consume(this.camel, Queues.uri(queue));
	}

}
