package org.recordhub.fhir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.recordhub.document.DocumentStore;
import org.recordhub.document.ReceivedFile;
import org.recordhub.document.ReceivedFileRepository;
import org.recordhub.document.RecordDocumentRepository;
import org.recordhub.document.RecordDocumentRepository.RecordDocument;
import org.recordhub.provider.Provider;
import org.recordhub.provider.ProviderDirectory;
import org.recordhub.request.LegState;
import org.recordhub.request.Legs;
import org.recordhub.request.Legs.Transition;
import org.recordhub.request.ProviderLeg;
import org.recordhub.request.RequestService;
import org.recordhub.request.RetrievalRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The deliver stage: builds a complete leg's records into an IHE MHD ITI-65 bundle,
 * validates it (an invalid bundle goes nowhere), hands it to each of the requester's
 * delivery routes (its FHIR server, an SFTP drop), makes a single-use download link,
 * sends the notices (email, webhook), and only then marks the leg DELIVERED.
 */
@Component
public class FhirDelivery {

	private static final Logger logger = LoggerFactory.getLogger(FhirDelivery.class);

	private final Legs legs;

	private final RequestService requests;

	private final ReceivedFileRepository files;

	private final DocumentStore store;

	private final ProviderDirectory directory;

	private final DeliveryBundles bundles;

	private final RecordDocumentRepository documents;

	private final BundleValidator validator;

	private final DownloadLinks downloads;

	private final DeliveryRoutes targets;

	private final DeliveredDocuments history;

	private final DeliveryProperties properties;

	FhirDelivery(Legs legs, RequestService requests, ReceivedFileRepository files, DocumentStore store,
			ProviderDirectory directory, DeliveryBundles bundles, RecordDocumentRepository documents,
			BundleValidator validator, DownloadLinks downloads, DeliveryRoutes targets, DeliveryProperties properties,
			DeliveredDocuments delivered) {
		this.targets = targets;
		this.history = delivered;
		this.properties = properties;
		this.documents = documents;
		this.validator = validator;
		this.downloads = downloads;
		this.legs = legs;
		this.requests = requests;
		this.files = files;
		this.store = store;
		this.directory = directory;
		this.bundles = bundles;
	}

	/**
	 * The first errors, the specific ones before the slice mismatches they cause, with
	 * quoted values left out (they may be patient data).
	 */
	private static String summary(List<String> errors) {
		return String.join("; ",
				errors.stream()
					.sorted(Comparator.comparing((String error) -> error.contains("does not match any known slice")))
					.limit(3)
					.map((error) -> error.replaceAll("'[^']*'|\"[^\"]*\"", "'…'"))
					.map((error) -> (error.length() > 300) ? error.substring(0, 300) + "…" : error)
					.toList());
	}

	/**
	 * Each document found in the leg's records with the pages of its file's searchable
	 * PDF, in order of date of service.
	 */
	private List<DeliveryBundles.Delivered> documents(String legId) {
		Map<String, ReceivedFile> processed = new HashMap<>();
		for (ReceivedFile file : this.files.forLeg(legId)) {
			if (file.status() == ReceivedFile.Status.PROCESSED) {
				processed.put(file.id(), file);
			}
		}
		List<RecordDocument> found = this.documents.forLeg(legId)
			.stream()
			.filter((document) -> processed.containsKey(document.fileId()))
			.toList();
		List<DeliveryBundles.Delivered> delivered = new ArrayList<>();
		Map<String, PDDocument> pdfs = new HashMap<>();
		try {
			for (RecordDocument document : found) {
				PDDocument pdf = pdfs.get(document.fileId());
				if (pdf == null) {
					// each file's searchable PDF is read and parsed once, whatever its
					// number of documents
					pdf = Loader.loadPDF(this.store.get(processed.get(document.fileId()).deliveredSha256()));
					pdfs.put(document.fileId(), pdf);
				}
				String id = DeliveryBundles
					.uuid("document:" + legId + ":" + document.fileId() + ":" + document.firstPage())
					.toString();
				delivered.add(new DeliveryBundles.Delivered(id, document,
						pages(pdf, document.firstPage(), document.lastPage(), id),
						java.util.Date.from(processed.get(document.fileId()).receivedAt())));
			}
			return delivered;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			for (PDDocument pdf : pdfs.values()) {
				try {
					pdf.close();
				}
				catch (IOException ex) {
					// read-only: nothing is lost
				}
			}
		}
	}

	/**
	 * What a delivery of the leg carries now: the documents found, each corrected one
	 * marked as replacing the one it corrects, which is left out.
	 */
	List<DeliveryBundles.Delivered> current(String legId) {
		return this.history.current(legId, documents(legId));
	}

	/**
	 * The leg's delivered records as RecordHub's own FHIR API serves them: each standing
	 * document's DocumentReference and PDF exactly as they were delivered (replaced ones
	 * left out). A document delivered before RecordHub kept what it delivered is kept
	 * now, once, as a delivery would carry it.
	 */
	List<Served> served(RetrievalRequest request, ProviderLeg leg) {
		return served(request, leg, this.history.standing(leg.id()));
	}

	/** One of the leg's standing delivered documents, as it was delivered. */
	Optional<Served> served(RetrievalRequest request, ProviderLeg leg, String entryUuid) {
		return this.history.standing(leg.id()).contains(entryUuid)
				? served(request, leg, List.of(entryUuid)).stream().findFirst() : Optional.empty();
	}

	private List<Served> served(RetrievalRequest request, ProviderLeg leg, List<String> entryUuids) {
		Map<String, DeliveredDocuments.Kept> kept = new LinkedHashMap<>();
		entryUuids.forEach((id) -> this.history.kept(id).ifPresent((found) -> kept.put(id, found)));
		if (kept.size() < entryUuids.size()) {
			Bundle bundle = this.bundles.build(this.properties.fhirBase(), request, leg,
					organization(leg.providerId(), Provider.Role.PROVIDER),
					organization(request.organizationId(), Provider.Role.REQUESTER), current(leg.id()));
			for (String id : entryUuids) {
				if (!kept.containsKey(id)) {
					this.history.keep(id, bundle);
					this.history.kept(id).ifPresent((found) -> kept.put(id, found));
				}
			}
		}
		List<Served> served = new ArrayList<>();
		for (String id : entryUuids) {
			DeliveredDocuments.Kept document = kept.get(id);
			if (document != null) {
				served.add(new Served(this.history.reference(document), () -> this.history.pdf(document)));
			}
		}
		return served;
	}

	/** A delivered DocumentReference, and its PDF, read when asked for. */
	record Served(DocumentReference reference, Supplier<byte[]> pdf) {
	}

	private Provider organization(String id, Provider.Role role) {
		return this.directory.find(id)
			.orElse(new Provider(id, null, id, role, true, null, null, null, null, List.of(), null));
	}

	/**
	 * Pages first to last (from 1) of the PDF, as a PDF of their own, byte for byte the
	 * same whenever it is made: its file identifier comes from the document's id, not
	 * from the clock, so a delivery retried sends the bytes (and the hash) sent before.
	 */
	private static byte[] pages(PDDocument whole, int first, int last, String id) throws IOException {
		try (PDDocument part = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			for (int page = first; page <= Math.min(last, whole.getNumberOfPages()); page++) {
				part.importPage(whole.getPage(page - 1));
			}
			byte[] identifier = java.util.HexFormat.of().parseHex(id.replace("-", ""));
			COSString fileId = new COSString(identifier);
			part.getDocument().getTrailer().setItem(COSName.ID, new COSArray(List.of(fileId, fileId)));
			part.save(out);
			return out.toByteArray();
		}
	}

	public void deliver(String legId) {
		ProviderLeg leg = this.legs.find(legId).orElseThrow();
		if (leg.state() != LegState.COMPLETE && leg.state() != LegState.INCOMPLETE) {
			return;
		}
		RetrievalRequest request = this.requests.load(leg.requestId());
		Provider requester = organization(request.organizationId(), Provider.Role.REQUESTER);
		List<DeliveryBundles.Delivered> delivered = current(legId);
		Provider provider = organization(leg.providerId(), Provider.Role.PROVIDER);
		Bundle bundle = this.bundles.build(this.properties.fhirBase(), request, leg, provider, requester, delivered);
		List<String> errors = this.validator.errors(bundle);
		if (!errors.isEmpty()) {
			// an invalid bundle never leaves; retrying would not make it valid, so the
			// leg waits, with the reason, for staff to fix the cause and retry
			logger.warn("Delivery of leg {} blocked: the bundle breaks RecordHub's profile ({} error(s))", legId,
					errors.size());
			this.legs.record(
					leg, "DELIVERY_BLOCKED", "The delivery bundle does not validate against RecordHub's "
							+ "FHIR profile, so it was not sent (" + errors.size() + " error(s)): " + summary(errors),
					"fhir");
			return;
		}
		Delivery delivery = new Delivery(request, leg, provider, requester, delivered, bundle);
		// the records first (each target idempotent, so a retry after a later failure
		// repeats it harmlessly), then the link, then the notices that point to them
		List<String> deliveredTo = new ArrayList<>();
		for (DeliveryRoutes.Target target : List.of(DeliveryRoutes.Target.FHIR, DeliveryRoutes.Target.SFTP)) {
			String destination = this.targets.send(target, requester.id(), legId, delivery);
			if (destination != null) {
				deliveredTo.add(destination);
				this.legs.record(leg, target.event(), target.describe(destination, delivered.size()), target.channel());
			}
		}
		DownloadLinks.Created download = this.downloads.create(delivery);
		Map<String, Object> notice = new LinkedHashMap<>();
		notice.put("event", "records.delivered");
		notice.put("subject", "records delivered for request " + request.id());
		notice.put("requestId", request.id());
		notice.put("legId", legId);
		notice.put("documents", delivered.size());
		notice.put("deliveredTo", deliveredTo);
		notice.put("download", download.url());
		notice.put("downloadExpires", download.expires().toString());
		for (DeliveryRoutes.Target target : List.of(DeliveryRoutes.Target.EMAIL, DeliveryRoutes.Target.WEBHOOK)) {
			String destination = this.targets.send(target, requester.id(), legId, notice);
			if (destination != null) {
				this.legs.record(leg, target.event(), target.describe(destination, delivered.size()), target.channel());
			}
		}
		this.history.delivered(legId, delivered, bundle);
		for (DeliveryBundles.Delivered document : delivered) {
			if (document.replaces() != null) {
				this.legs.record(leg, "DOCUMENT_REPLACED",
						"A later " + document.document().typeDisplay() + " of " + document.document().dateOfService()
								+ " replaces the one delivered before (DocumentReference urn:uuid:"
								+ document.replaces() + "); it is delivered with relatesTo 'replaces'",
						"delivery");
			}
		}
		logger.info("Delivered leg {}: {} document(s) to {} target(s) and a download link", legId, delivered.size(),
				deliveredTo.size());
		this.legs.advance(legId, Set.of(LegState.COMPLETE, LegState.INCOMPLETE),
				Transition
					.to(LegState.DELIVERED,
							delivered.size() + " document(s) delivered"
									+ (deliveredTo.isEmpty() ? "" : " to " + String.join(" and ", deliveredTo))
									+ (deliveredTo.isEmpty() ? " as a download link" : ", and as a download link"))
					.on("delivery"));
	}

}
