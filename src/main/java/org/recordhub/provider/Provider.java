package org.recordhub.provider;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * An organisation in the directory: a provider records are requested from, or a requester
 * records are delivered to. Exchanged as FHIR {@code Organization} + {@code Endpoint}
 * resources (see {@link OrganizationBundles}) or as this JSON shape.
 *
 * @param id the id requests name the organisation by
 * @param npi the National Provider Identifier, if known
 * @param active inactive organisations (NPI deactivated, closed) take no new requests
 * @param fax the fax number as published (NPPES); the fax <em>endpoint</em> is what
 * RecordHub dials
 * @param taxonomy the primary NUCC taxonomy code
 * @param terms RecordHub's own fields: how the provider wants to be asked
 */
public record Provider(String id, String npi, String name, Role role, boolean active, Address address, String phone,
		String fax, String taxonomy, List<Endpoint> endpoints, Terms terms) {

	public Provider {
		endpoints = (endpoints != null) ? List.copyOf(endpoints) : List.of();
		terms = (terms != null) ? terms : Terms.NONE;
		address = (address != null) ? address : Address.NONE;
		role = (role != null) ? role : Role.PROVIDER;
	}

	public Optional<Endpoint> endpoint(String channel) {
		return this.endpoints.stream().filter((e) -> e.channel().equals(channel)).findFirst();
	}

	/** The state whose law applies to releases by this provider. */
	public String state() {
		return this.address.state();
	}

	public String preferredChannel() {
		return this.terms.preferredChannel();
	}

	public Integer maxAuthorizationAgeDays() {
		return this.terms.maxAuthorizationAgeDays();
	}

	public enum Role {

		PROVIDER, REQUESTER

	}

	/**
	 * How to reach the organisation.
	 *
	 * @param channel fax, sftp, email, fhir or portal
	 * @param address the endpoint's address (a URL, a fax number, a mailbox)
	 */
	public record Endpoint(String channel, String address) {
	}

	/** Practice location. */
	public record Address(String line, String city, String state, String postalCode) {

		static final Address NONE = new Address(null, null, null, null);

	}

	/**
	 * How the provider wants to be asked, kept by RecordHub (not in NPPES).
	 *
	 * @param preferredChannel the channel the provider asks requesters to use
	 * @param maxAuthorizationAgeDays authorizations signed longer ago are refused
	 * @param acceptedAuthorizationForms forms the provider accepts besides a HIPAA-valid
	 * authorization (e.g. its own form)
	 * @param feeSchedule what copies cost
	 * @param typicalTurnaroundDays what the provider itself promises
	 * @param businessHours when the release-of-information desk works, e.g. "Mon-Fri
	 * 08:00-17:00 America/New_York"
	 * @param preApprovedFeeLimit for a requester: copy fees up to this amount (USD) are
	 * approved without asking it
	 */
	public record Terms(String preferredChannel, Integer maxAuthorizationAgeDays,
			List<String> acceptedAuthorizationForms, FeeSchedule feeSchedule, Integer typicalTurnaroundDays,
			String businessHours, BigDecimal preApprovedFeeLimit) {

		static final Terms NONE = new Terms(null, null, List.of(), null, null, null, null);

		public Terms(String preferredChannel, Integer maxAuthorizationAgeDays, List<String> acceptedAuthorizationForms,
				FeeSchedule feeSchedule, Integer typicalTurnaroundDays, String businessHours) {
			this(preferredChannel, maxAuthorizationAgeDays, acceptedAuthorizationForms, feeSchedule,
					typicalTurnaroundDays, businessHours, null);
		}

		public Terms {
			acceptedAuthorizationForms = (acceptedAuthorizationForms != null) ? List.copyOf(acceptedAuthorizationForms)
					: List.of();
		}

		boolean isEmpty() {
			return equals(NONE);
		}

	}

	/**
	 * Copy fees.
	 *
	 * @param baseFee per request (search and handling)
	 * @param perPageFee per page copied
	 * @param currency ISO 4217, USD when absent
	 */
	public record FeeSchedule(BigDecimal baseFee, BigDecimal perPageFee, String currency) {
	}

}
