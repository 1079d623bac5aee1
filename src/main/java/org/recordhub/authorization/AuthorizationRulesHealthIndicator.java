package org.recordhub.authorization;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health}: UP while the rules on disk are the active ones; DEGRADED when
 * a change was rejected and older rules still decide.
 */
@Component
class AuthorizationRulesHealthIndicator implements HealthIndicator {

	private final AuthorizationRules rules;

	AuthorizationRulesHealthIndicator(AuthorizationRules rules) {
		this.rules = rules;
	}

	@Override
	public Health health() {
		org.recordhub.rules.LiveRuleSet.Status status = this.rules.status();
		Health.Builder health = status.accepted() ? Health.up() : Health.status("DEGRADED");
		return health.withDetail("activeVersion", status.activeVersion())
			.withDetail("attemptedVersion", String.valueOf(status.attemptedVersion()))
			.withDetail("scenarios", status.scenarios())
			.withDetail("problems", status.problems())
			.build();
	}

}
