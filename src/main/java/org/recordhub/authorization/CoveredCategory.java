package org.recordhub.authorization;

/**
 * One category of information the authorization covers (GENERAL, HIV, MENTAL_HEALTH,
 * ...).
 */
public record CoveredCategory(String name) {

	public String getName() {
		return this.name;
	}

}
