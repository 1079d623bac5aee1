package org.recordhub.security;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Local users (HTTP Basic). Passwords take a Spring Security encoding prefix:
 * {@code {bcrypt}…} in production, {@code {noop}…} for the sandbox demo users.
 *
 * @param login how wrong passwords are throttled
 * @param idleTimeout how long a dashboard session may sit unused before it is signed out
 */
@ConfigurationProperties("recordhub.security")
record SecurityProperties(List<User> users, @DefaultValue Login login, @DefaultValue("15m") Duration idleTimeout) {

	SecurityProperties {
		users = (users != null) ? users : List.of();
	}

	record User(String username, String password, String organization, Set<Role> roles) {
	}

	/**
	 * @param maxFailures wrong passwords for one user before its sign-in is locked (five
	 * times as many from one client address)
	 * @param lockout how long the lock lasts after the last wrong password
	 */
	record Login(@DefaultValue("10") int maxFailures, @DefaultValue("15m") Duration lockout) {
	}

}
