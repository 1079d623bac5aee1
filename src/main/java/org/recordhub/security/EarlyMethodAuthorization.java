package org.recordhub.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.method.PreAuthorizeAuthorizationManager;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.util.SimpleMethodInvocation;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A controller's {@code @PreAuthorize} role check, made before its request body is read:
 * method security alone runs after Spring MVC has parsed and validated the arguments, so
 * a caller without the role would be told what is wrong with their input (400) rather
 * than that they may not call it (403). The same annotations decide; method security
 * still checks them again around the call.
 */
@Component
class EarlyMethodAuthorization implements HandlerInterceptor, WebMvcConfigurer {

	private final PreAuthorizeAuthorizationManager roles = new PreAuthorizeAuthorizationManager();

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (handler instanceof HandlerMethod method) {
			AuthorizationResult result = this.roles.authorize(
					() -> SecurityContextHolder.getContext().getAuthentication(),
					new SimpleMethodInvocation(method.getBean(), method.getMethod()));
			if (result != null && !result.isGranted()) {
				throw new AuthorizationDeniedException("Access Denied", result);
			}
		}
		return true;
	}

}
