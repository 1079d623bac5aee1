package org.recordhub.fhir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.camel.Body;
import org.apache.camel.Header;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Tells a requester organisation's webhook about each delivery (the
 * {@code webhook-notice} route template): a JSON notice with ids and references only (no
 * patient data), signed with HMAC-SHA256 over {@code timestamp + "." + body} so the
 * receiver can check it came from RecordHub and was not replayed
 * ({@code X-RecordHub-Timestamp}, {@code X-RecordHub-Signature: sha256=<hex>}). Anything
 * but a 2xx answer fails the delivery attempt, which the error policy retries.
 */
@Component("webhooks")
public class Webhooks {

	private final JsonMapper json;

	private final Clock clock;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	Webhooks(JsonMapper json, Clock clock) {
		this.json = json;
		this.clock = clock;
	}

	/** POSTs the signed notice to the URL; throws unless it answers 2xx. */
	public void send(@Body Map<String, Object> notice, @Header("recordhubWebhookUrl") String url,
			@Header("recordhubWebhookSecret") String secret) {
		byte[] body = this.json.writeValueAsBytes(notice);
		String timestamp = Long.toString(this.clock.instant().getEpochSecond());
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header("X-RecordHub-Timestamp", timestamp)
			.header("X-RecordHub-Signature", "sha256=" + signature(secret, timestamp, body))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		int status;
		try {
			status = this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			throw new IllegalStateException("The webhook " + url + " cannot be reached: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while calling the webhook " + url, ex);
		}
		if (status / 100 != 2) {
			throw new IllegalStateException("The webhook " + url + " answered " + status);
		}
	}

	/** Hex HMAC-SHA256 of {@code timestamp.body} with the secret. */
	static String signature(String secret, String timestamp, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
