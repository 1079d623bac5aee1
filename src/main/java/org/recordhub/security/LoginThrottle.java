package org.recordhub.security;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.recordhub.system.Problems;
import org.recordhub.tracking.EventLog;
import org.recordhub.tracking.TimelineEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.authentication.www.BasicAuthenticationConverter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Password guessing is stopped: after {@code recordhub.security.login.max-failures} wrong
 * passwords for one user, or five times as many from one client address, sign-ins for
 * that user (or from that address) are refused, the right password included, until
 * {@code recordhub.security.login.lockout} has passed since the last wrong one. A sign-in
 * that succeeds clears its user's count. Each lock is written to the audit trail
 * ({@value #LOCKED}). Counts are kept per RecordHub instance.
 */
class LoginThrottle extends OncePerRequestFilter {

	static final String LOCKED = "SIGN_IN_LOCKED";

	/** An address may be a whole firm behind one NAT: it gets more tries than a user. */
	private static final int ADDRESS_FACTOR = 5;

	private static final Logger logger = LoggerFactory.getLogger(LoginThrottle.class);

	private static final BasicAuthenticationConverter BASIC = new BasicAuthenticationConverter();

	private final Cache<String, Failures> failures;

	private final int maxFailures;

	private final Duration lockout;

	private final EventLog audit;

	private final Problems problems;

	private final Clock clock;

	LoginThrottle(SecurityProperties.Login settings, EventLog audit, Problems problems, Clock clock) {
		this.maxFailures = settings.maxFailures();
		this.lockout = settings.lockout();
		this.failures = Caffeine.newBuilder()
			.expireAfterWrite(this.lockout.toMillis(), TimeUnit.MILLISECONDS)
			.maximumSize(100_000)
			.build();
		this.audit = audit;
		this.problems = problems;
		this.clock = clock;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<String> username = attemptedUser(request);
		if (username.isPresent() && (locked(userKey(username.get()), this.maxFailures)
				|| locked(addressKey(request.getRemoteAddr()), this.maxFailures * ADDRESS_FACTOR))) {
			refuse(request, response);
			return;
		}
		chain.doFilter(request, response);
	}

	@EventListener
	void failed(AuthenticationFailureBadCredentialsEvent event) {
		String username = String.valueOf(event.getAuthentication().getPrincipal());
		String address = address(event.getAuthentication()).orElse(null);
		count(userKey(username), this.maxFailures, "user " + username);
		if (address != null) {
			count(addressKey(address), this.maxFailures * ADDRESS_FACTOR, "client address " + address);
		}
	}

	@EventListener
	void succeeded(AuthenticationSuccessEvent event) {
		this.failures.invalidate(userKey(event.getAuthentication().getName()));
	}

	private void count(String key, int limit, String who) {
		Instant now = this.clock.instant();
		// a count whose lock has run out starts again
		Failures counted = this.failures.asMap()
			.merge(key, new Failures(1, now), (old, one) -> old.last().plus(this.lockout).isBefore(now) ? one
					: new Failures(old.count() + 1, now));
		if (counted.count() == limit) {
			logger.warn("Sign-in locked for {} after {} wrong passwords", who, limit);
			this.audit.append(TimelineEvent.of(null, null, null, LOCKED, "Sign-in locked for " + who + " after " + limit
					+ " wrong passwords, until " + now.plus(this.lockout)));
		}
	}

	private boolean locked(String key, int limit) {
		Failures counted = this.failures.getIfPresent(key);
		return counted != null && counted.count() >= limit
				&& counted.last().plus(this.lockout).isAfter(this.clock.instant());
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(this.lockout.toSeconds()));
		if ("/login".equals(request.getServletPath())) {
			response.sendRedirect(request.getContextPath() + "/login?locked");
			return;
		}
		this.problems.write(response, HttpStatus.TOO_MANY_REQUESTS, LOCKED, "Sign-in locked",
				"Too many wrong passwords for this user or from this address; try again in " + this.lockout.toMinutes()
						+ " minute(s) or ask an administrator.");
	}

	/** The user a request signs in as: HTTP Basic, or the sign-in form's POST. */
	private static Optional<String> attemptedUser(HttpServletRequest request) {
		try {
			UsernamePasswordAuthenticationToken basic = BASIC.convert(request);
			if (basic != null) {
				return Optional.of(basic.getName());
			}
		}
		catch (AuthenticationException ex) {
			// a malformed header: Basic authentication refuses it in its turn
			return Optional.empty();
		}
		if ("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath())) {
			return Optional.ofNullable(request.getParameter("username"));
		}
		return Optional.empty();
	}

	private static Optional<String> address(Authentication authentication) {
		return (authentication.getDetails() instanceof WebAuthenticationDetails details)
				? Optional.ofNullable(details.getRemoteAddress()) : Optional.empty();
	}

	private static String userKey(String username) {
		return "user:" + username;
	}

	private static String addressKey(String address) {
		return "address:" + address;
	}

	private record Failures(int count, Instant last) {
	}

}
