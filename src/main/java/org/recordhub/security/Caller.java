package org.recordhub.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who is calling: a user, their organisation and roles, whether they signed in locally
 * (HTTP Basic) or with an OAuth2 JWT ({@code organization} and {@code roles} claims).
 */
public record Caller(String username, String organizationId, Set<Role> roles) {

	/** Requesters see only their own organisation's requests; staff roles see all. */
	public boolean seesAllOrganizations() {
		return this.roles.stream().anyMatch((role) -> role != Role.REQUESTER);
	}

	public boolean maySee(String organizationId) {
		return seesAllOrganizations() || (this.organizationId != null && this.organizationId.equals(organizationId));
	}

	public static Caller current() {
		return of(SecurityContextHolder.getContext().getAuthentication());
	}

	static Caller of(Authentication authentication) {
		if (authentication == null) {
			throw new IllegalStateException("No authenticated caller");
		}
		if (authentication.getPrincipal() instanceof LocalUser user) {
			return new Caller(user.getUsername(), user.organizationId(), roles(user.getAuthorities()));
		}
		if (authentication instanceof JwtAuthenticationToken jwt) {
			return new Caller(jwt.getName(), jwt.getToken().getClaimAsString("organization"),
					roles(jwt.getAuthorities()));
		}
		throw new IllegalStateException("Unsupported authentication " + authentication.getClass().getSimpleName());
	}

	private static Set<Role> roles(Collection<? extends GrantedAuthority> authorities) {
		Set<Role> roles = EnumSet.noneOf(Role.class);
		for (Role role : Role.values()) {
			if (authorities.stream().anyMatch((a) -> role.authority().equals(a.getAuthority()))) {
				roles.add(role);
			}
		}
		return roles;
	}

	static List<String> authorities(Collection<Role> roles) {
		return roles.stream().map(Role::authority).toList();
	}

}
