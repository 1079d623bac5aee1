package org.recordhub.provider;

import java.util.List;
import java.util.Optional;

/**
 * An organisation in the directory: a provider records are requested from, or a requester
 * records are delivered to. Read from FHIR {@code Organization} + {@code Endpoint}
 * resources.
 */
public record Provider(String id, String name, Role role, List<Endpoint> endpoints, String state,
		Integer maxAuthorizationAgeDays, String preferredChannel) {

	public Optional<Endpoint> endpoint(String channel) {
		return this.endpoints.stream().filter((e) -> e.channel().equals(channel)).findFirst();
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

}
