package org.recordhub.security;

import java.time.Clock;
import java.util.Collection;
import java.util.List;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import org.recordhub.system.Problems;
import org.recordhub.tracking.EventLog;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Every API call is authenticated: HTTP Basic for local users, and an OAuth2 JWT resource
 * server as soon as {@code spring.security.oauth2.resourceserver.jwt.*} is configured.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
@EnableMethodSecurity
class SecurityConfiguration {

	/**
	 * The dashboard's pages: the same local users, signed in with a form into a session,
	 * with CSRF tokens on every form.
	 */
	@Bean
	@Order(1)
	SecurityFilterChain dashboardSecurity(HttpSecurity http, LoginThrottle throttle) throws Exception {
		http.addFilterBefore(throttle, UsernamePasswordAuthenticationFilter.class)
			.securityMatcher("/", "/login", "/logout", "/dashboard/**")
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/login", "/dashboard/assets/**")
				.permitAll()
				.anyRequest()
				.authenticated())
			.formLogin((form) -> form.loginPage("/login").defaultSuccessUrl("/dashboard/requests"))
			// scripts may fetch a chart's CSV with the same users' HTTP Basic
			.httpBasic(org.springframework.security.config.Customizer.withDefaults())
			.logout((logout) -> logout.logoutSuccessUrl("/login?logout"))
			.exceptionHandling((ex) -> ex.accessDeniedPage("/dashboard/denied"))
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(
					"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")));
		return http.build();
	}

	/** Everything else: the REST and FHIR APIs, stateless. */
	@Bean
	@Order(2)
	SecurityFilterChain apiSecurity(HttpSecurity http, ObjectProvider<JwtDecoder> jwtDecoder, Problems problems,
			LoginThrottle throttle) throws Exception {
		AuthenticationEntryPoint unauthenticated = (request, response, ex) -> problems.write(response,
				HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", "Authentication required",
				"Sign in with HTTP Basic or send a bearer token.");
		AccessDeniedHandler denied = (request, response, ex) -> problems.write(response, HttpStatus.FORBIDDEN,
				"FORBIDDEN", "Not allowed", "Your role does not allow this operation.");
		http.addFilterBefore(throttle, BasicAuthenticationFilter.class)
			.authorizeHttpRequests((requests) -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
				.permitAll()
				// the error page is where failures are forwarded, not an endpoint
				.requestMatchers("/error")
				.denyAll()
				.requestMatchers("/actuator/health/**", "/actuator/health", "/v3/api-docs/**", "/v3/api-docs.yaml",
						"/swagger-ui/**", "/swagger-ui.html", "/webjars/**")
				.permitAll()
				// the FHIR API's writes and audit trail, refused before HAPI reads a body
				.requestMatchers(HttpMethod.POST, "/fhir", "/fhir/")
				.hasAnyRole(Role.HIM_STAFF.name(), Role.ADMIN.name())
				.requestMatchers(HttpMethod.POST, "/fhir/Task")
				.hasRole(Role.REQUESTER.name())
				.requestMatchers("/fhir/AuditEvent", "/fhir/AuditEvent/**")
				.hasRole(Role.ADMIN.name())
				// operations (metrics, build info, health details) are for administrators
				.requestMatchers("/actuator/**")
				.hasRole(Role.ADMIN.name())
				.anyRequest()
				.authenticated())
			.httpBasic((basic) -> basic.authenticationEntryPoint(unauthenticated))
			.exceptionHandling((ex) -> ex.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
			// a stateless API with no cookies has nothing for CSRF to ride on
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		if (jwtDecoder.getIfAvailable() != null) {
			http.oauth2ResourceServer((oauth) -> oauth.authenticationEntryPoint(unauthenticated)
				.jwt((jwt) -> jwt.jwtAuthenticationConverter(SecurityConfiguration::fromClaims)));
		}
		return http.build();
	}

	@Bean
	LoginThrottle loginThrottle(SecurityProperties properties, EventLog audit, Problems problems, Clock clock) {
		return new LoginThrottle(properties.login(), audit, problems, clock);
	}

	/** The throttle runs inside the security chains only, not as a filter of its own. */
	@Bean
	FilterRegistrationBean<LoginThrottle> loginThrottleRegistration(LoginThrottle throttle) {
		FilterRegistrationBean<LoginThrottle> registration = new FilterRegistrationBean<>(throttle);
		registration.setEnabled(false);
		return registration;
	}

	/**
	 * A dashboard session unused for {@code recordhub.security.idle-timeout} is signed
	 * out.
	 */
	@Bean
	HttpSessionListener idleSignOut(SecurityProperties properties) {
		int seconds = Math.toIntExact(properties.idleTimeout().toSeconds());
		return new HttpSessionListener() {
			@Override
			public void sessionCreated(HttpSessionEvent event) {
				event.getSession().setMaxInactiveInterval(seconds);
			}
		};
	}

	@Bean
	UserDetailsService localUsers(SecurityProperties properties) {
		// a fresh copy per look-up: Spring Security erases the credentials of the one it
		// authenticated
		return (username) -> properties.users()
			.stream()
			.filter((user) -> user.username().equals(username))
			.findFirst()
			.map((user) -> new LocalUser(user.username(), user.password(), authorities(user.roles()),
					user.organization()))
			.orElseThrow(() -> new UsernameNotFoundException("No local user " + username));
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	/**
	 * Roles and organisation come from the token's {@code roles} and {@code organization}
	 * claims.
	 */
	private static AbstractAuthenticationToken fromClaims(Jwt jwt) {
		List<String> roles = jwt.getClaimAsStringList("roles");
		List<Role> known = (roles != null) ? roles.stream()
			.map((role) -> role.toUpperCase().replace('-', '_'))
			.filter((role) -> List.of(Role.values()).stream().anyMatch((r) -> r.name().equals(role)))
			.map(Role::valueOf)
			.toList() : List.of();
		return new JwtAuthenticationToken(jwt, authorities(known), jwt.getSubject());
	}

	private static List<SimpleGrantedAuthority> authorities(Collection<Role> roles) {
		return Caller.authorities(roles).stream().map(SimpleGrantedAuthority::new).toList();
	}

}
