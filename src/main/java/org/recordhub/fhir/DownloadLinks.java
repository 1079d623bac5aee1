package org.recordhub.fhir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.recordhub.document.DocumentStore;
import org.recordhub.request.Legs;
import org.recordhub.request.ProviderLeg;
import org.recordhub.request.RetrievalRequest;
import org.recordhub.security.Caller;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A time-limited, single-use download link for each delivery: a ZIP of the ITI-65 bundle
 * (as JSON) and the documents' PDFs, stored encrypted. The link is a random token (only
 * its SHA-256 is kept) and carries no patient data; it opens only for the requester
 * organisation's signed-in users (or HIM staff), once, before it expires, and every
 * download is recorded on the leg's timeline.
 */
@Component
public class DownloadLinks {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	private final DocumentStore store;

	private final FhirContext fhir;

	private final Legs legs;

	private final Clock clock;

	private final Duration validity;

	DownloadLinks(JdbcClient jdbc, DocumentStore store, FhirContext fhir, Legs legs, Clock clock,
			DeliveryProperties properties) {
		this.jdbc = jdbc;
		this.store = store;
		this.fhir = fhir;
		this.legs = legs;
		this.clock = clock;
		this.validity = properties.downloadLinkValidity();
	}

	/** A new link to the delivery, recorded on the leg's timeline. */
	@Transactional
	public String create(RetrievalRequest request, ProviderLeg leg, Bundle bundle,
			List<DeliveryBundles.Delivered> documents) {
		String zipSha256 = this.store.put(zip(bundle, documents));
		byte[] random = new byte[32];
		RANDOM.nextBytes(random);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		Instant expires = this.clock.instant().plus(this.validity);
		this.jdbc
			.sql("insert into download_link (token_sha256, leg_id, request_id, organization_id, zip_sha256, expires_at)"
					+ " values (?, ?, ?, ?, ?, ?)")
			.params(hash(token), leg.id(), request.id(), request.organizationId(), zipSha256, Timestamp.from(expires))
			.update();
		String path = "/api/v1/downloads/" + token;
		this.legs.record(leg, "DOWNLOAD_LINK", "Download the records as a ZIP (the FHIR bundle and " + documents.size()
				+ " PDF(s)), once, until " + expires + ": " + path, "download");
		return path;
	}

	/**
	 * The ZIP, once: the link is used up by this call, and the download recorded.
	 * @throws DownloadNotAvailableException when the link is unknown, not the caller's
	 * organisation's, expired or used
	 */
	@Transactional
	public byte[] download(String token, Caller caller) {
		Link link = this.jdbc
			.sql("select leg_id, organization_id, zip_sha256, expires_at, used_at from download_link "
					+ "where token_sha256 = ? for update")
			.param(hash(token))
			.query((rs, row) -> new Link(rs.getString("leg_id"), rs.getString("organization_id"),
					rs.getString("zip_sha256"), rs.getTimestamp("expires_at").toInstant(),
					Optional.ofNullable(rs.getTimestamp("used_at")).map(Timestamp::toInstant).orElse(null)))
			.optional()
			.filter((found) -> caller.maySee(found.organizationId()))
			.orElseThrow(() -> new DownloadNotAvailableException("No such download link"));
		if (link.usedAt() != null) {
			throw new DownloadNotAvailableException("This download link was used at " + link.usedAt()
					+ "; links work once. HIM staff can deliver the records again.");
		}
		if (this.clock.instant().isAfter(link.expiresAt())) {
			throw new DownloadNotAvailableException("This download link expired at " + link.expiresAt());
		}
		this.jdbc.sql("update download_link set used_at = ?, used_by = ? where token_sha256 = ?")
			.params(Timestamp.from(this.clock.instant()), caller.username(), hash(token))
			.update();
		this.legs.record(this.legs.find(link.legId()).orElseThrow(), "DOWNLOADED",
				"Records downloaded as a ZIP by " + caller.username() + " (" + caller.organizationId() + ")",
				"download");
		return this.store.get(link.zipSha256());
	}

	private byte[] zip(Bundle bundle, List<DeliveryBundles.Delivered> documents) {
		try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
				ZipOutputStream zip = new ZipOutputStream(bytes)) {
			zip.putNextEntry(new ZipEntry("bundle.json"));
			zip.write(this.fhir.newJsonParser()
				.setPrettyPrint(true)
				.encodeResourceToString(bundle)
				.getBytes(StandardCharsets.UTF_8));
			zip.closeEntry();
			int number = 1;
			for (DeliveryBundles.Delivered document : documents) {
				String type = (document.document().typeDisplay() != null) ? document.document().typeDisplay()
						: "document";
				zip.putNextEntry(new ZipEntry(String.format("%03d-%s-%s.pdf", number++,
						(document.document().dateOfService() != null) ? document.document().dateOfService() : "undated",
						type.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-"))));
				zip.write(document.pdf());
				zip.closeEntry();
			}
			zip.finish();
			return bytes.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String hash(String token) {
		return DocumentStore.sha256(token.getBytes(StandardCharsets.US_ASCII));
	}

	private record Link(String legId, String organizationId, String zipSha256, Instant expiresAt, Instant usedAt) {
	}

	/** A download link that cannot be used: unknown, someone else's, expired or used. */
	public static class DownloadNotAvailableException extends RuntimeException {

		DownloadNotAvailableException(String message) {
			super(message);
		}

	}

}
