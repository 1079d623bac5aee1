package org.recordhub.security;

import java.util.Collection;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;

/**
 * A user configured in {@code recordhub.security.users}, with the organisation they
 * belong to.
 */
class LocalUser extends User {

	private final String organizationId;

	LocalUser(String username, String password, Collection<? extends GrantedAuthority> authorities,
			String organizationId) {
		super(username, password, authorities);
		this.organizationId = organizationId;
	}

	String organizationId() {
		return this.organizationId;
	}

	@Override
	public boolean equals(Object other) {
		return super.equals(other);
	}

	@Override
	public int hashCode() {
		return super.hashCode();
	}

}
