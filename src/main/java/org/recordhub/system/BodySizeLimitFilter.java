package org.recordhub.system;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses bodies over {@code recordhub.api.max-body-size} with 413, on every path (the
 * REST API, the FHIR API, the dashboard's forms): at once when the declared length is too
 * big, and while reading when a chunked body grows past it. The NPPES import, a file of
 * several gigabytes streamed into the directory, has its own limit
 * ({@code recordhub.directory.nppes-max-size}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class BodySizeLimitFilter extends OncePerRequestFilter {

	private static final String NPPES_IMPORT = "/api/v1/providers/nppes";

	private final long limit;

	private final long nppesLimit;

	private final Problems problems;

	BodySizeLimitFilter(@Value("${recordhub.api.max-body-size}") DataSize limit,
			@Value("${recordhub.directory.nppes-max-size}") DataSize nppesLimit, Problems problems) {
		this.limit = limit.toBytes();
		this.nppesLimit = nppesLimit.toBytes();
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long limit = NPPES_IMPORT.equals(request.getRequestURI()) ? this.nppesLimit : this.limit;
		if (request.getContentLengthLong() > limit) {
			this.problems.write(response, HttpStatus.CONTENT_TOO_LARGE, "BODY_TOO_LARGE", "Request body too large",
					"The body may be at most " + limit + " bytes.");
			return;
		}
		if (request.getContentLengthLong() < 0 && request.getRequestURI().startsWith("/fhir")) {
			// HAPI's server turns a body that fails while it reads into a 500: a streamed
			// FHIR body is read up to the limit here first
			byte[] body = request.getInputStream().readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
			if (body.length > limit) {
				this.problems.write(response, HttpStatus.CONTENT_TOO_LARGE, "BODY_TOO_LARGE", "Request body too large",
						"The body may be at most " + limit + " bytes.");
				return;
			}
			chain.doFilter(new LimitedRequest(request, limit, body), response);
			return;
		}
		chain.doFilter(new LimitedRequest(request, limit, null), response);
	}

	/** Thrown while reading a body that exceeds the limit; answered with 413. */
	static class BodyTooLargeException extends IOException {

		BodyTooLargeException(long limit) {
			super("The body may be at most " + limit + " bytes.");
		}

	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long limit;

		/** The body, when it was read already. */
		private final byte[] body;

		LimitedRequest(HttpServletRequest request, long limit, byte[] body) {
			super(request);
			this.limit = limit;
			this.body = body;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			String charset = (getCharacterEncoding() != null) ? getCharacterEncoding() : "UTF-8";
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			ServletInputStream servlet = (this.body != null) ? null : super.getInputStream();
			InputStream in = (this.body != null) ? new ByteArrayInputStream(this.body) : servlet;
			return new ServletInputStream() {

				private long read;

				@Override
				public int read() throws IOException {
					int b = in.read();
					count((b >= 0) ? 1 : 0);
					return b;
				}

				@Override
				public int read(byte[] buffer, int offset, int length) throws IOException {
					int n = in.read(buffer, offset, length);
					count(Math.max(n, 0));
					return n;
				}

				private void count(int n) throws IOException {
					this.read += n;
					if (this.read > LimitedRequest.this.limit) {
						throw new BodyTooLargeException(LimitedRequest.this.limit);
					}
				}

				@Override
				public boolean isFinished() {
					return (servlet != null) ? servlet.isFinished() : this.read >= LimitedRequest.this.body.length;
				}

				@Override
				public boolean isReady() {
					return (servlet == null) || servlet.isReady();
				}

				@Override
				public void setReadListener(jakarta.servlet.ReadListener listener) {
					if (servlet != null) {
						servlet.setReadListener(listener);
					}
				}

			};
		}

	}

}
