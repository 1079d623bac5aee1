package org.recordhub.authorization;

import java.time.LocalDate;

/**
 * The circumstances of a check, as the rules see them.
 *
 * @param asOf the day the check is made
 * @param jurisdiction the US state whose law applies (two letters), or {@code null}
 * @param expiresSoonDays how close to its expiration an authorization gets a warning
 */
public record CheckContext(LocalDate asOf, String jurisdiction, int expiresSoonDays) {

	public LocalDate getAsOf() {
		return this.asOf;
	}

	public String getJurisdiction() {
		return this.jurisdiction;
	}

	public int getExpiresSoonDays() {
		return this.expiresSoonDays;
	}

}
