package org.recordhub.fhir;

import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.recordhub.document.DocumentStore;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The documents each leg's deliveries carried. A document found in records that arrived
 * after a delivery, of the same type and date of service as a delivered one, is the
 * provider's corrected version: it is delivered with {@code relatesTo} = replaces the
 * earlier one, which later deliveries leave out.
 */
@Repository
class DeliveredDocuments {

	private final JdbcClient jdbc;

	private final Clock clock;

	private final DocumentStore store;

	private final FhirContext fhir;

	DeliveredDocuments(JdbcClient jdbc, Clock clock, DocumentStore store, FhirContext fhir) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.store = store;
		this.fhir = fhir;
	}

	/**
	 * This delivery's documents: each document delivered before as it was, a new one
	 * marked as replacing the delivered document it corrects, and replaced documents left
	 * out.
	 */
	List<DeliveryBundles.Delivered> current(String legId, List<DeliveryBundles.Delivered> found) {
		List<Earlier> earlier = this.jdbc
			.sql("select entry_uuid, type_code, date_of_service, replaced_by from delivered_document where leg_id = ?")
			.param(legId)
			.query((rs, row) -> new Earlier(rs.getString("entry_uuid"), rs.getString("type_code"),
					(rs.getDate("date_of_service") != null) ? rs.getDate("date_of_service").toLocalDate() : null,
					rs.getString("replaced_by")))
			.list();
		List<String> replaced = new ArrayList<>(
				earlier.stream().filter((e) -> e.replacedBy() != null).map(Earlier::entryUuid).toList());
		List<DeliveryBundles.Delivered> current = new ArrayList<>();
		for (DeliveryBundles.Delivered document : found) {
			boolean deliveredBefore = earlier.stream().anyMatch((e) -> e.entryUuid().equals(document.id()));
			if (deliveredBefore) {
				// delivered again byte for byte as it went out the first time
				current.add(kept(document.id()).map((kept) -> document.withPdf(pdf(kept))).orElse(document));
				continue;
			}
			if (document.document().typeCode() == null || document.document().dateOfService() == null) {
				current.add(document);
				continue;
			}
			Earlier corrected = earlier.stream()
				.filter((e) -> e.replacedBy() == null && !replaced.contains(e.entryUuid())
						&& Objects.equals(e.typeCode(), document.document().typeCode())
						&& Objects.equals(e.dateOfService(), document.document().dateOfService()))
				.findFirst()
				.orElse(null);
			if (corrected != null) {
				replaced.add(corrected.entryUuid());
				current.add(document.replacing(corrected.entryUuid()));
			}
			else {
				current.add(document);
			}
		}
		return current.stream().filter((document) -> !replaced.contains(document.id())).toList();
	}

	/**
	 * Records what a delivery carried and what it replaced; a document delivered for the
	 * first time is kept as it went out (its DocumentReference and its PDF, encrypted),
	 * to be served unchanged and delivered unchanged again.
	 */
	@Transactional
	void delivered(String legId, List<DeliveryBundles.Delivered> documents, Bundle bundle) {
		Timestamp now = Timestamp.from(this.clock.instant());
		for (DeliveryBundles.Delivered document : documents) {
			boolean known = this.jdbc.sql("select count(*) from delivered_document where entry_uuid = ?")
				.param(document.id())
				.query(Integer.class)
				.single() > 0;
			if (!known) {
				this.jdbc
					.sql("insert into delivered_document (entry_uuid, leg_id, type_code, date_of_service, delivered_at)"
							+ " values (?, ?, ?, ?, ?)")
					.params(document.id(), legId, document.document().typeCode(),
							(document.document().dateOfService() != null)
									? Date.valueOf(document.document().dateOfService()) : null,
							now)
					.update();
				keep(document.id(), bundle);
			}
			if (document.replaces() != null) {
				this.jdbc.sql("update delivered_document set replaced_by = ? where entry_uuid = ?")
					.params(document.id(), document.replaces())
					.update();
			}
		}
	}

	/**
	 * The entryUUIDs (DocumentReference ids) of the leg's delivered documents that stand:
	 * replaced ones left out.
	 */
	List<String> standing(String legId) {
		return this.jdbc
			.sql("select entry_uuid from delivered_document where leg_id = ? and replaced_by is null "
					+ "order by date_of_service, entry_uuid")
			.param(legId)
			.query(String.class)
			.list();
	}

	/**
	 * Keeps the document's DocumentReference and PDF from the bundle that delivered it,
	 * where none is kept yet.
	 */
	void keep(String entryUuid, Bundle bundle) {
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			if (entry.getResource() instanceof DocumentReference reference
					&& reference.getIdElement().getIdPart().equals(entryUuid)) {
				String binaryId = "rh-" + entryUuid;
				byte[] pdf = bundle.getEntry()
					.stream()
					.map(Bundle.BundleEntryComponent::getResource)
					.filter((resource) -> resource instanceof Binary
							&& resource.getIdElement().getIdPart().equals(binaryId))
					.map((resource) -> ((Binary) resource).getData())
					.findFirst()
					.orElseThrow();
				String resourceSha256 = this.store
					.put(this.fhir.newJsonParser().encodeResourceToString(reference).getBytes(StandardCharsets.UTF_8));
				this.jdbc
					.sql("update delivered_document set resource_sha256 = ?, pdf_sha256 = ? "
							+ "where entry_uuid = ? and resource_sha256 is null")
					.params(resourceSha256, this.store.put(pdf), entryUuid)
					.update();
			}
		}
	}

	/**
	 * The document as it was delivered: its DocumentReference and its PDF, or empty when
	 * it was delivered before RecordHub kept them.
	 */
	Optional<Kept> kept(String entryUuid) {
		return this.jdbc
			.sql("select resource_sha256, pdf_sha256 from delivered_document "
					+ "where entry_uuid = ? and resource_sha256 is not null")
			.param(entryUuid)
			.query((rs, row) -> new Kept(rs.getString("resource_sha256"), rs.getString("pdf_sha256")))
			.optional();
	}

	/** The delivered DocumentReference, parsed. */
	DocumentReference reference(Kept kept) {
		return this.fhir.newJsonParser()
			.parseResource(DocumentReference.class,
					new String(this.store.get(kept.resourceSha256()), StandardCharsets.UTF_8));
	}

	/** The delivered PDF, byte for byte. */
	byte[] pdf(Kept kept) {
		return this.store.get(kept.pdfSha256());
	}

	/** Where a delivered document's DocumentReference and PDF are in the store. */
	record Kept(String resourceSha256, String pdfSha256) {
	}

	/** The leg whose delivery carried the document, if one did. */
	java.util.Optional<String> legOf(String entryUuid) {
		return this.jdbc.sql("select leg_id from delivered_document where entry_uuid = ?")
			.param(entryUuid)
			.query(String.class)
			.optional();
	}

	private record Earlier(String entryUuid, String typeCode, LocalDate dateOfService, String replacedBy) {
	}

}
