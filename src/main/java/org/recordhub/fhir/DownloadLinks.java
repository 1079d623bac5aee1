package org.recordhub.fhir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import ca.uhn.fhir.context.FhirContext;
import org.recordhub.document.DocumentStore;
import org.recordhub.request.ProviderLeg;
import org.recordhub.request.Legs;
import org.recordhub.security.Caller;
import org.recordhub.security.Role;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A time-limited, single-use download link for each delivery: a ZIP of the ITI-65 bundle
 * (as JSON) and the documents' PDFs, stored encrypted. The link is a random token and
 * carries no patient data; only its SHA-256 is kept, so the token is known only to whom
 * it was given: the delivery's notices, or the user who asked for a new link. It opens
 * only for the requester organisation's signed-in users (or HIM staff), once, before it
 * expires; every link made and every download is recorded on the leg's timeline.
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

	private final URI publicUrl;

	DownloadLinks(JdbcClient jdbc, DocumentStore store, FhirContext fhir, Legs legs, Clock clock,
			DeliveryProperties properties) {
		this.jdbc = jdbc;
		this.store = store;
		this.fhir = fhir;
		this.legs = legs;
		this.clock = clock;
		this.validity = properties.downloadLinkValidity();
		this.publicUrl = properties.publicUrl();
	}

	/** A new link to the delivery, recorded on the leg's timeline (without its token). */
	@Transactional
	public Created create(Delivery delivery) {
		String zipSha256 = this.store.put(zip(delivery));
		return link(delivery.leg(), delivery.request().id(), delivery.request().organizationId(), zipSha256,
				"with the delivery's notices");
	}

	/**
	 * A new link to the leg's last delivery, for the caller alone; it replaces the leg's
	 * links not used yet.
	 * @throws DownloadNotAvailableException when the leg is not the caller's
	 * organisation's or has no delivery
	 */
	@Transactional
	public Created renew(String requestId, String legId, Caller caller) {
		ProviderLeg leg = this.legs.find(legId)
			.orElseThrow(() -> new DownloadNotAvailableException("This leg has no delivery to download"));
		Delivered last = this.jdbc
			.sql("select request_id, organization_id, zip_sha256 from download_link where leg_id = ?"
					+ " order by expires_at desc fetch first 1 rows only")
			.param(legId)
			.query((rs, row) -> new Delivered(rs.getString("request_id"), rs.getString("organization_id"),
					rs.getString("zip_sha256")))
			.optional()
			.filter((found) -> found.requestId().equals(requestId) && mayDownload(caller, found.organizationId()))
			.orElseThrow(() -> new DownloadNotAvailableException("This leg has no delivery to download"));
		Instant now = this.clock.instant();
		this.jdbc.sql("update download_link set expires_at = ? where leg_id = ? and used_at is null and expires_at > ?")
			.params(Timestamp.from(now), legId, Timestamp.from(now))
			.update();
		return link(leg, last.requestId(), last.organizationId(), last.zipSha256(), "to " + caller.username());
	}

	private Created link(ProviderLeg leg, String requestId, String organizationId, String zipSha256, String givenTo) {
		byte[] random = new byte[32];
		RANDOM.nextBytes(random);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		Instant expires = this.clock.instant().plus(this.validity);
		this.jdbc
			.sql("insert into download_link (token_sha256, leg_id, request_id, organization_id, zip_sha256, expires_at)"
					+ " values (?, ?, ?, ?, ?, ?)")
			.params(hash(token), leg.id(), requestId, organizationId, zipSha256, Timestamp.from(expires))
			.update();
		this.legs.record(leg, "DOWNLOAD_LINK",
				"A single-use link to download the records as a ZIP (the FHIR bundle and the PDFs), valid until "
						+ expires + ", was given " + givenTo + " (link " + hash(token).substring(0, 12)
						+ "…; a new one: POST /api/v1/requests/" + requestId + "/legs/" + leg.id() + "/download-link)",
				"download");
		String base = this.publicUrl.toString();
		return new Created(
				(base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v1/downloads/" + token,
				expires);
	}

	/** The requester organisation's users, and HIM staff who deliver records by hand. */
	static boolean mayDownload(Caller caller, String organizationId) {
		return caller.roles().contains(Role.HIM_STAFF)
				|| (caller.roles().contains(Role.REQUESTER) && organizationId.equals(caller.organizationId()));
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
			.filter((found) -> mayDownload(caller, found.organizationId()))
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

	private byte[] zip(Delivery delivery) {
		try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
				ZipOutputStream zip = new ZipOutputStream(bytes)) {
			for (Delivery.File file : delivery.files(this.fhir)) {
				zip.putNextEntry(new ZipEntry(file.name()));
				zip.write(file.content());
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

	/**
	 * A link made for a delivery.
	 *
	 * @param url the link, under RecordHub's public URL
	 */
	public record Created(String url, Instant expires) {
	}

	private record Delivered(String requestId, String organizationId, String zipSha256) {
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
