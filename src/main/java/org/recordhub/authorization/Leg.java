package org.recordhub.authorization;

import java.util.List;

import org.recordhub.request.DateRange;
import org.recordhub.request.Patient;

/** The request leg an authorization is checked against, as the rules see it. */
public class Leg {

	private final LegCheck leg;

	public Leg(LegCheck leg) {
		this.leg = leg;
	}

	public Patient getPatient() {
		return this.leg.patient();
	}

	public String getProviderName() {
		return this.leg.providerName();
	}

	public DateRange getDateRange() {
		return this.leg.dateRange();
	}

	public List<String> getInformationCategories() {
		return this.leg.informationCategories();
	}

	/** The request's purpose, upper case, or {@code null} when the check names none. */
	public String getPurpose() {
		return (this.leg.purpose() != null) ? this.leg.purpose().strip().toUpperCase(java.util.Locale.ROOT) : null;
	}

	/**
	 * The provider's maximum authorization age in days, or -1 when it has no such policy.
	 */
	public int getProviderMaxAuthorizationAgeDays() {
		return (this.leg.providerMaxAuthorizationAgeDays() != null) ? this.leg.providerMaxAuthorizationAgeDays() : -1;
	}

}
