package org.recordhub.dashboard;

import org.recordhub.security.Caller;
import org.recordhub.security.Role;

/**
 * Who is looking at a page, as the templates need it.
 *
 * @param seesAll sees every organisation's requests and may search by patient (as
 * {@link Caller#seesAllOrganizations()} decides)
 */
record Viewer(String username, String organizationId, boolean requester, boolean staff, boolean compliance,
		boolean admin, boolean seesAll) {

	static Viewer of(Caller caller) {
		return new Viewer(caller.username(), caller.organizationId(), caller.roles().contains(Role.REQUESTER),
				caller.roles().contains(Role.HIM_STAFF) || caller.roles().contains(Role.ADMIN),
				caller.roles().contains(Role.COMPLIANCE) || caller.roles().contains(Role.ADMIN),
				caller.roles().contains(Role.ADMIN), caller.seesAllOrganizations());
	}

}
