package org.recordhub.authorization;

import java.util.Set;

import org.recordhub.provider.Provider;
import org.recordhub.provider.ProviderDirectory;
import org.recordhub.request.LegState;
import org.recordhub.request.Legs;
import org.recordhub.request.Legs.Transition;
import org.recordhub.request.ProviderLeg;
import org.recordhub.request.RequestDetails;
import org.recordhub.request.RetrievalRequest;
import org.recordhub.request.RequestService;

import org.springframework.stereotype.Component;

/**
 * The authorize stage: checks a leg's authorization against the rules before anything is
 * sent.
 */
@Component
public class AuthorizationStage {

	private final Legs legs;

	private final RequestService requests;

	private final AuthorizationRules rules;

	private final ProviderDirectory directory;

	AuthorizationStage(Legs legs, RequestService requests, AuthorizationRules rules, ProviderDirectory directory) {
		this.legs = legs;
		this.requests = requests;
		this.rules = rules;
		this.directory = directory;
	}

	/**
	 * Checks the leg's authorization unless that was done before.
	 * @return whether the leg is READY to be sent
	 */
	public boolean check(String legId) {
		this.legs.advance(legId, Set.of(LegState.NEW),
				Transition.to(LegState.AUTHORIZATION_CHECK, "Checking the authorization"));
		ProviderLeg leg = this.legs.find(legId).orElseThrow();
		if (leg.state() == LegState.AUTHORIZATION_CHECK) {
			Verdict verdict = this.rules.check(checkFor(leg));
			LegState next = (verdict.decision() == Verdict.Decision.REJECT) ? LegState.AUTHORIZATION_REJECTED
					: LegState.READY;
			this.legs.advance(legId, Set.of(LegState.AUTHORIZATION_CHECK),
					Transition.to(next, verdict.summary()).decidedBy(verdict.ruleSetVersion(), verdict.rulesFired()));
			leg = this.legs.find(legId).orElseThrow();
		}
		return leg.state() == LegState.READY;
	}

	/**
	 * The leg's authorization checked now with the active rules: the findings, their
	 * citations and the rules that fired, for people to read.
	 */
	public Verdict explain(ProviderLeg leg) {
		return this.rules.check(checkFor(leg));
	}

	/**
	 * The leg's authorization, under the law of the provider's state, against the leg
	 * itself.
	 */
	private AuthorizationCheck checkFor(ProviderLeg leg) {
		RetrievalRequest request = this.requests.load(leg.requestId());
		RequestDetails details = request.details();
		Provider provider = this.directory.find(leg.providerId()).orElseThrow();
		return new AuthorizationCheck(null, provider.state(), details.authorization(),
				new LegCheck(details.patient(), provider.name(), details.dateRange(), details.recordTypes(),
						details.informationCategories(), provider.maxAuthorizationAgeDays(), request.purpose()));
	}

}
