package org.recordhub.system;

import java.util.List;
import java.util.Map;

import org.recordhub.document.ReceivedFiles;
import org.recordhub.fhir.DownloadLinks;
import org.recordhub.provider.DirectoryConflictException;
import org.recordhub.provider.InvalidDirectoryEntryException;
import org.recordhub.provider.ProviderNotFoundException;
import org.recordhub.request.IllegalTransitionException;
import org.recordhub.request.InvalidRequestException;
import org.recordhub.request.LegNotFoundException;
import org.recordhub.request.RequestNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DatabindException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns API errors into problem+json with a stable {@code code}. Details never echo
 * submitted values: they may be patient data.
 */
@RestControllerAdvice
class ProblemHandling extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ProblemHandling.class);

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodySizeLimitFilter.BodyTooLargeException tooLarge) {
				return problem(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "BODY_TOO_LARGE", "Request body too large",
						tooLarge.getMessage()));
			}
		}
		String where = (ex.getCause() instanceof DatabindException databind && !databind.getPath().isEmpty())
				? " at '" + databind.getPathReference() + "'" : "";
		return problem(Problems.of(HttpStatus.BAD_REQUEST, "MALFORMED_JSON", "Malformed request body",
				"The body is not valid JSON for this operation" + where + "."));
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
			.toList();
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "Invalid request",
				errors.size() + " field(s) are missing or invalid.");
		problem.setProperty("errors", errors);
		return problem(problem);
	}

	/**
	 * Spring MVC's own errors (404, 405, 415, bad parameters...) get a code named after
	 * the status.
	 */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem
				&& (problem.getProperties() == null || !problem.getProperties().containsKey("code"))) {
			HttpStatus status = HttpStatus.resolve(statusCode.value());
			problem.setProperty("code", (status != null) ? status.name() : "HTTP_" + statusCode.value());
		}
		return super.handleExceptionInternal(ex, body, headers, statusCode, request);
	}

	@ExceptionHandler
	ProblemDetail invalid(InvalidRequestException ex) {
		return Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, ex.code(), "Request cannot be accepted", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail invalid(InvalidDirectoryEntryException ex) {
		return Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "INVALID_DIRECTORY_ENTRY", "Directory entry refused",
				ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail notFound(ProviderNotFoundException ex) {
		return Problems.of(HttpStatus.NOT_FOUND, "PROVIDER_NOT_FOUND", "No such organisation", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail conflict(DirectoryConflictException ex) {
		return Problems.of(HttpStatus.CONFLICT, ex.code(), "Directory conflict", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail notFound(ReceivedFiles.ReceivedFileNotFoundException ex) {
		return Problems.of(HttpStatus.NOT_FOUND, "FILE_NOT_FOUND", "No such received file", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail conflict(ReceivedFiles.FileStateException ex) {
		return Problems.of(HttpStatus.CONFLICT, "FILE_STATE", "Not possible for this file now", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail gone(DownloadLinks.DownloadNotAvailableException ex) {
		return Problems.of(HttpStatus.NOT_FOUND, "DOWNLOAD_NOT_AVAILABLE", "Download not available", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail notFound(RequestNotFoundException ex) {
		return Problems.of(HttpStatus.NOT_FOUND, "REQUEST_NOT_FOUND", "No such request", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail notFound(LegNotFoundException ex) {
		return Problems.of(HttpStatus.NOT_FOUND, "LEG_NOT_FOUND", "No such leg in this request", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail conflict(IllegalTransitionException ex) {
		ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "ILLEGAL_STATE_TRANSITION", "Not allowed now",
				ex.getMessage());
		problem.setProperty("state", ex.from().name());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail forbidden(AccessDeniedException ex) {
		return Problems.of(HttpStatus.FORBIDDEN, "FORBIDDEN", "Not allowed",
				"Your role does not allow this operation.");
	}

	@ExceptionHandler
	ProblemDetail unexpected(Exception ex) {
		logger.error("Unexpected error", ex);
		return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "Unexpected error",
				"Something went wrong on our side; it is logged. Try again or contact support.");
	}

	private static ResponseEntity<Object> problem(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

}
