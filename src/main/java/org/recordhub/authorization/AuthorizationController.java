package org.recordhub.authorization;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import jakarta.validation.Valid;
import org.recordhub.request.AuthorizationForm;
import org.recordhub.request.AuthorizationReaders;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Authorizations")
class AuthorizationController {

	private static final String FHIR_JSON = "application/fhir+json";

	private final AuthorizationRules rules;

	private final AuthorizationPdfForm form;

	private final AuthorizationReaders readers;

	AuthorizationController(AuthorizationRules rules, AuthorizationPdfForm form, AuthorizationReaders readers) {
		this.rules = rules;
		this.form = form;
		this.readers = readers;
	}

	@GetMapping(path = "/api/v1/authorizations/form", produces = MediaType.APPLICATION_PDF_VALUE)
	@Operation(summary = "RecordHub's fillable HIPAA authorization form (PDF); a filled, signed copy uploaded "
			+ "with a request is read without retyping")
	ResponseEntity<byte[]> blankForm() {
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"recordhub-authorization.pdf\"")
			.body(this.form.blank());
	}

	@PostMapping(path = "/api/v1/authorizations/read",
			consumes = { MediaType.APPLICATION_PDF_VALUE, FHIR_JSON, MediaType.APPLICATION_JSON_VALUE })
	@PreAuthorize("hasAnyRole('COMPLIANCE', 'HIM_STAFF', 'REQUESTER')")
	@Operation(summary = "The structured authorization read from a filled RecordHub form (PDF) or a FHIR Consent")
	AuthorizationForm read(@RequestBody byte[] body, @RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType) {
		return contentType.startsWith(MediaType.APPLICATION_PDF_VALUE) ? this.readers.fromPdf(body)
				: this.readers.fromConsent(new String(body, StandardCharsets.UTF_8));
	}

	@PostMapping(path = "/api/v1/authorizations/validate", consumes = { MediaType.APPLICATION_PDF_VALUE, FHIR_JSON })
	@PreAuthorize("hasAnyRole('COMPLIANCE', 'HIM_STAFF', 'REQUESTER')")
	@Operation(summary = "Check a filled RecordHub form (PDF) or a FHIR Consent on its own")
	Verdict validateDocument(@RequestBody byte[] body, @RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
			@RequestParam(required = false) LocalDate asOf, @RequestParam(required = false) String jurisdiction) {
		return this.rules.check(new AuthorizationCheck(asOf, jurisdiction, read(body, contentType), null));
	}

	@PostMapping(path = "/api/v1/authorizations/validate", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasAnyRole('COMPLIANCE', 'HIM_STAFF', 'REQUESTER')")
	@Operation(summary = "Check an authorization (optionally for a request leg, on a day, under a state's law) "
			+ "against the active HIPAA rule set")
	Verdict validate(@Valid @RequestBody AuthorizationCheck check) {
		return this.rules.check(check);
	}

	@GetMapping("/api/v1/rules/authorization")
	@PreAuthorize("hasAnyRole('COMPLIANCE', 'HIM_STAFF', 'ADMIN')")
	@Operation(summary = "The active authorization rule set and how its last reload went")
	org.recordhub.rules.LiveRuleSet.Status status() {
		return this.rules.status();
	}

}
