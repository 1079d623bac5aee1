package org.recordhub.security;

/**
 * What a user may do. Requesters are confined to their organisation; the others work
 * across all.
 */
public enum Role {

	REQUESTER, HIM_STAFF, COMPLIANCE, ADMIN;

	public String authority() {
		return "ROLE_" + name();
	}

}
