package org.recordhub.authorization;

import java.util.Set;

import org.recordhub.request.LegState;
import org.recordhub.request.Legs;
import org.recordhub.request.Legs.Transition;
import org.recordhub.request.ProviderLeg;
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

	AuthorizationStage(Legs legs, RequestService requests, AuthorizationRules rules) {
		this.legs = legs;
		this.requests = requests;
		this.rules = rules;
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
			Verdict verdict = this.rules.check(this.requests.load(leg.requestId()).details().authorization());
			LegState next = (verdict.decision() == Verdict.Decision.REJECT) ? LegState.AUTHORIZATION_REJECTED
					: LegState.READY;
			this.legs.advance(legId, Set.of(LegState.AUTHORIZATION_CHECK),
					Transition.to(next, verdict.summary()).decidedBy(verdict.ruleSetVersion(), verdict.rulesFired()));
			leg = this.legs.find(legId).orElseThrow();
		}
		return leg.state() == LegState.READY;
	}

}
