package org.recordhub.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Base64;
import java.util.Date;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The authorization server side of SMART Backend Services, for a sandbox EHR: a token
 * endpoint that accepts a client-credentials grant whose client assertion is a JWT signed
 * (RS384) by the registered client's key, and an interceptor that refuses FHIR calls
 * without one of the tokens it issued.
 */
@Interceptor
public class SandboxSmartAuth extends HttpServlet {

	private final String clientId;

	private final RSAPublicKey clientKey;

	private final Set<String> issued = ConcurrentHashMap.newKeySet();

	private final Set<String> seenAssertions = ConcurrentHashMap.newKeySet();

	private final AtomicInteger grants = new AtomicInteger();

	private volatile String tokenUrl;

	public SandboxSmartAuth(String clientId, RSAPublicKey clientKey) {
		this.clientId = clientId;
		this.clientKey = clientKey;
	}

	/**
	 * An authorization server for a client with a new RSA key, whose private half it
	 * writes (PKCS#8 PEM, as RecordHub reads it) for RecordHub's routes to sign with.
	 */
	public static SandboxSmartAuth withNewClientKey(String clientId, Path privateKeyFile) {
		return new SandboxSmartAuth(clientId, newClientKey(privateKeyFile));
	}

	/**
	 * A new RSA key pair for a client (SMART, SFTP): the private half written to the file
	 * as PKCS#8 PEM, the public half returned.
	 */
	public static RSAPublicKey newClientKey(Path privateKeyFile) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair pair = generator.generateKeyPair();
			Files.createDirectories(privateKeyFile.toAbsolutePath().getParent());
			Files.writeString(privateKeyFile,
					"-----BEGIN PRIVATE KEY-----\n"
							+ Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
							+ "\n-----END PRIVATE KEY-----\n");
			return (RSAPublicKey) pair.getPublic();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	void setTokenUrl(String tokenUrl) {
		this.tokenUrl = tokenUrl;
	}

	/** How many tokens the endpoint has granted. */
	public int grants() {
		return this.grants.get();
	}

	@Override
	protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String problem = check(request);
		response.setContentType("application/json");
		if (problem != null) {
			response.setStatus(problem.equals("invalid_client") ? 401 : 400);
			response.getWriter().write("{\"error\": \"" + problem + "\"}");
			return;
		}
		String token = UUID.randomUUID().toString();
		this.issued.add(token);
		this.grants.incrementAndGet();
		response.getWriter()
			.write("{\"access_token\": \"" + token + "\", \"token_type\": \"bearer\", \"expires_in\": 300, "
					+ "\"scope\": \"" + request.getParameter("scope") + "\"}");
	}

	private String check(HttpServletRequest request) {
		if (!"client_credentials".equals(request.getParameter("grant_type"))) {
			return "unsupported_grant_type";
		}
		if (!"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
			.equals(request.getParameter("client_assertion_type"))) {
			return "invalid_request";
		}
		try {
			SignedJWT jwt = SignedJWT.parse(request.getParameter("client_assertion"));
			JWTClaimsSet claims = jwt.getJWTClaimsSet();
			boolean valid = JWSAlgorithm.RS384.equals(jwt.getHeader().getAlgorithm())
					&& jwt.verify(new RSASSAVerifier(this.clientKey)) && this.clientId.equals(claims.getIssuer())
					&& this.clientId.equals(claims.getSubject()) && claims.getAudience().contains(this.tokenUrl)
					&& claims.getExpirationTime() != null && claims.getExpirationTime().after(new Date())
					&& claims.getJWTID() != null && this.seenAssertions.add(claims.getJWTID());
			return valid ? null : "invalid_client";
		}
		catch (ParseException | JOSEException | RuntimeException ex) {
			return "invalid_client";
		}
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public boolean authorize(HttpServletRequest request) {
		String header = request.getHeader("Authorization");
		if (header == null || !header.startsWith("Bearer ") || !this.issued.contains(header.substring(7).trim())) {
			throw new AuthenticationException("A SMART Backend Services bearer token is required");
		}
		return true;
	}

}
