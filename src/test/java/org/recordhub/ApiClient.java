package org.recordhub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls RecordHub's API over HTTP as a user would. Local test users' passwords are
 * {@code <user>-pass}, as in application.yaml.
 */
public record ApiClient(String baseUrl) {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	public Response get(String user, String path) {
		return send(user, HttpRequest.newBuilder(URI.create(this.baseUrl + path)).GET());
	}

	public Response post(String user, String path, String json) {
		return send(user,
				HttpRequest.newBuilder(URI.create(this.baseUrl + path))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	public Response post(String user, String path, String contentType, byte[] body) {
		return send(user,
				HttpRequest.newBuilder(URI.create(this.baseUrl + path))
					.header("Content-Type", contentType)
					.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
	}

	public Response put(String user, String path, String json) {
		return send(user,
				HttpRequest.newBuilder(URI.create(this.baseUrl + path))
					.header("Content-Type", "application/json")
					.PUT(HttpRequest.BodyPublishers.ofString(json)));
	}

	public Response delete(String user, String path) {
		return send(user, HttpRequest.newBuilder(URI.create(this.baseUrl + path)).DELETE());
	}

	/**
	 * Sends the request, signed in as the user with HTTP Basic, or anonymously when user
	 * is null.
	 */
	public Response send(String user, HttpRequest.Builder request) {
		if (user != null) {
			request.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString((user + ":" + user + "-pass").getBytes(StandardCharsets.UTF_8)));
		}
		try {
			HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.headers().firstValue("Location").orElse(null),
					new String(response.body(), java.nio.charset.StandardCharsets.UTF_8), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** An HTTP answer. */
	/**
	 * @param body the body as text
	 * @param bytes the body as it came (a ZIP, a PDF)
	 */
	public record Response(int status, String contentType, String location, String body, byte[] bytes) {

		public JsonNode json() {
			return TestEnvironment.JSON.readTree(this.body);
		}

		/** Asserts an RFC 9457 problem with this status and stable code. */
		public Response assertProblem(int status, String code) {
			assertThat(this.status).as(this.body).isEqualTo(status);
			assertThat(this.contentType).startsWith("application/problem+json");
			assertThat(json().path("code").asString()).isEqualTo(code);
			return this;
		}

	}

}
