package org.recordhub.channel.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

/**
 * SMART Backend Services authorization (the HL7 SMART App Launch "client credentials with
 * a signed JWT" flow): RecordHub proves who it is with a short-lived JWT signed (RS384)
 * by its private key, whose public key the provider registered, and gets an access token
 * for the provider's FHIR API. Tokens are reused until shortly before they expire.
 */
@Component
public class SmartBackendAuth {

	private static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(5);

	private static final Duration EARLY = Duration.ofSeconds(30);

	private final RestClient http = RestClient.create();

	private final Clock clock;

	private final Map<Client, Token> tokens = new ConcurrentHashMap<>();

	SmartBackendAuth(Clock clock) {
		this.clock = clock;
	}

	/** An access token for the client, from the cache or the token endpoint. */
	public String token(Client client) {
		Token cached = this.tokens.get(client);
		if (cached != null && this.clock.instant().isBefore(cached.expires().minus(EARLY))) {
			return cached.value();
		}
		Token fresh = request(client);
		this.tokens.put(client, fresh);
		return fresh.value();
	}

	private Token request(Client client) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "client_credentials");
		form.add("scope", client.scope());
		form.add("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
		form.add("client_assertion", assertion(client));
		JsonNode answer = this.http.post()
			.uri(client.tokenUrl())
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.accept(MediaType.APPLICATION_JSON)
			.body(form)
			.retrieve()
			.body(JsonNode.class);
		if (answer == null || !answer.hasNonNull("access_token")) {
			throw new IllegalStateException("The token endpoint " + client.tokenUrl() + " gave no access_token");
		}
		long lifetime = answer.path("expires_in").asLong(300);
		return new Token(answer.path("access_token").asString(), this.clock.instant().plusSeconds(lifetime));
	}

	private String assertion(Client client) {
		Instant now = this.clock.instant();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(client.clientId())
			.subject(client.clientId())
			.audience(client.tokenUrl())
			.expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
			.jwtID(UUID.randomUUID().toString())
			.build();
		JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS384).type(JOSEObjectType.JWT);
		if (client.keyId() != null && !client.keyId().isBlank()) {
			header.keyID(client.keyId());
		}
		SignedJWT jwt = new SignedJWT(header.build(), claims);
		try {
			jwt.sign(new RSASSASigner(privateKey(client.privateKeyFile())));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign the SMART client assertion: " + ex.getMessage(), ex);
		}
		return jwt.serialize();
	}

	private static RSAPrivateKey privateKey(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			return RsaKeyConverters.pkcs8().convert(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the SMART private key " + file, ex);
		}
	}

	/**
	 * A registered backend client of one provider.
	 *
	 * @param privateKeyFile PKCS#8 PEM RSA private key
	 */
	public record Client(String tokenUrl, String clientId, Path privateKeyFile, String keyId, String scope) {
	}

	private record Token(String value, Instant expires) {
	}

}
