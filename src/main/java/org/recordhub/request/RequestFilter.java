package org.recordhub.request;

/**
 * Which requests a list shows; every criterion is optional.
 *
 * @param providerId only requests with a leg at this provider
 * @param organizationId only this requester organisation's requests (staff; a requester
 * always sees its own only)
 * @param olderThanDays only requests submitted at least this many days ago
 * @param overdue only requests with a leg past the HIPAA access deadline
 * @param escalated only requests with an escalated leg
 * @param patient words of the patient's name (staff only)
 */
public record RequestFilter(RequestStatus status, String providerId, String organizationId, Integer olderThanDays,
		boolean overdue, boolean escalated, String patient) {

	public static RequestFilter of(RequestStatus status) {
		return new RequestFilter(status, null, null, null, false, false, null);
	}

	RequestFilter withOrganization(String organizationId) {
		return new RequestFilter(this.status, this.providerId, organizationId, this.olderThanDays, this.overdue,
				this.escalated, this.patient);
	}

	RequestFilter withoutPatient() {
		return new RequestFilter(this.status, this.providerId, this.organizationId, this.olderThanDays, this.overdue,
				this.escalated, null);
	}

	boolean hasPatient() {
		return this.patient != null && !this.patient.isBlank();
	}

	/** The words of the patient's name asked for, in lower case. */
	java.util.List<String> patientWords() {
		return java.util.List.of(this.patient.toLowerCase().trim().split("\\s+"));
	}

}
