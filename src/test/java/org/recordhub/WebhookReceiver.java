package org.recordhub;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * A requester's webhook endpoint (the JDK's HTTP server): it checks each notification's
 * HMAC-SHA256 signature with its secret as a receiver would, answers 401 to a bad one,
 * and keeps the verified ones.
 */
public final class WebhookReceiver implements AutoCloseable {

	private final HttpServer server;

	private final List<JsonNode> verified = new CopyOnWriteArrayList<>();

	private volatile String secret;

	public WebhookReceiver(String secret) throws IOException {
		this.secret = secret;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/hooks/recordhub", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			String timestamp = exchange.getRequestHeaders().getFirst("X-RecordHub-Timestamp");
			String signature = exchange.getRequestHeaders().getFirst("X-RecordHub-Signature");
			boolean valid = timestamp != null && signature != null
					&& MessageDigest.isEqual(signature.getBytes(StandardCharsets.US_ASCII),
							("sha256=" + hmac(this.secret, timestamp, body)).getBytes(StandardCharsets.US_ASCII));
			if (valid) {
				this.verified.add(TestEnvironment.JSON.readTree(body));
			}
			exchange.sendResponseHeaders(valid ? 204 : 401, -1);
			exchange.close();
		});
		this.server.start();
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/hooks/recordhub";
	}

	/**
	 * The secret it verifies with; another than RecordHub's makes it refuse everything.
	 */
	public void setSecret(String secret) {
		this.secret = secret;
	}

	/** The notifications whose signature verified. */
	public List<JsonNode> verified() {
		return this.verified;
	}

	private static String hmac(String secret, String timestamp, byte[] body) {
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

	@Override
	public void close() {
		this.server.stop(0);
	}

}
