package org.recordhub.system;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * RFC 9457 problem details with a stable {@code code} users can search for. Codes are
 * documented in the README.
 */
@Component
public class Problems {

	/** The base of every problem {@code type} URI; the code completes it. */
	public static final String TYPE_BASE = "https://recordhub.org/problems/";

	private final JsonMapper json;

	Problems(JsonMapper json) {
		this.json = json;
	}

	public static ProblemDetail of(HttpStatus status, String code, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_BASE + code.toLowerCase().replace('_', '-')));
		problem.setTitle(title);
		problem.setProperty("code", code);
		return problem;
	}

	/** Writes a problem outside Spring MVC (security and servlet filters). */
	public void write(HttpServletResponse response, HttpStatus status, String code, String title, String detail)
			throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), of(status, code, title, detail));
	}

}
