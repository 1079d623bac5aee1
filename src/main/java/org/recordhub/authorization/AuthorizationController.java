package org.recordhub.authorization;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Authorizations")
class AuthorizationController {

	private final AuthorizationRules rules;

	AuthorizationController(AuthorizationRules rules) {
		this.rules = rules;
	}

	@PostMapping("/api/v1/authorizations/validate")
	@PreAuthorize("hasAnyRole('COMPLIANCE', 'HIM_STAFF', 'REQUESTER')")
	@Operation(summary = "Check an authorization (optionally for a request leg, on a day, under a state's law) "
			+ "against the active HIPAA rule set")
	Verdict validate(@Valid @RequestBody AuthorizationCheck check) {
		return this.rules.check(check);
	}

	@GetMapping("/api/v1/rules/authorization")
	@PreAuthorize("hasAnyRole('COMPLIANCE', 'HIM_STAFF', 'ADMIN')")
	@Operation(summary = "The active authorization rule set and how its last reload went")
	AuthorizationRules.Status status() {
		return this.rules.status();
	}

}
