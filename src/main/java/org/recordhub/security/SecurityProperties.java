package org.recordhub.security;

import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Local users (HTTP Basic). Passwords take a Spring Security encoding prefix:
 * {@code {bcrypt}…} in production, {@code {noop}…} for the sandbox demo users.
 */
@ConfigurationProperties("recordhub.security")
record SecurityProperties(List<User> users) {

	SecurityProperties {
		users = (users != null) ? users : List.of();
	}

	record User(String username, String password, String organization, Set<Role> roles) {
	}

}
