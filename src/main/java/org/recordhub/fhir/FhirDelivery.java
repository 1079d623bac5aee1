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
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.hl7.fhir.r4.model.Bundle;
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
 * The deliver stage: POSTs a complete leg's records as a FHIR transaction to the
 * requester organisation's FHIR endpoint, then marks the leg DELIVERED.
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

	private final FhirContext fhir;

	private final RecordDocumentRepository documents;

	private final BundleValidator validator;

	private final DownloadLinks downloads;

	private final Webhooks webhooks;

	FhirDelivery(Legs legs, RequestService requests, ReceivedFileRepository files, DocumentStore store,
			ProviderDirectory directory, DeliveryBundles bundles, FhirContext fhir, RecordDocumentRepository documents,
			BundleValidator validator, DownloadLinks downloads, Webhooks webhooks) {
		this.webhooks = webhooks;
		this.documents = documents;
		this.validator = validator;
		this.downloads = downloads;
		this.legs = legs;
		this.requests = requests;
		this.files = files;
		this.store = store;
		this.directory = directory;
		this.bundles = bundles;
		this.fhir = fhir;
	}

	/**
	 * The requester's server answers a transaction with one entry per entry sent; the
	 * delivery counts only when every one says it was created or is there (2xx). Anything
	 * else fails the attempt, which the error policy retries.
	 */
	private static void confirmed(Bundle sent, Bundle response, String endpoint) {
		long confirmed = response.getEntry()
			.stream()
			.filter((entry) -> entry.getResponse().getStatus() != null
					&& entry.getResponse().getStatus().startsWith("2"))
			.count();
		if (response.getEntry().size() != sent.getEntry().size() || confirmed != sent.getEntry().size()) {
			throw new IllegalStateException(
					endpoint + " confirmed " + confirmed + " of the " + sent.getEntry().size() + " entries delivered");
		}
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
						pages(pdf, document.firstPage(), document.lastPage())));
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

	/** Pages first to last (from 1) of the PDF, as a PDF of their own. */
	private static byte[] pages(PDDocument whole, int first, int last) throws IOException {
		try (PDDocument part = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			for (int page = first; page <= Math.min(last, whole.getNumberOfPages()); page++) {
				part.importPage(whole.getPage(page - 1));
			}
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
		Provider requester = this.directory.find(request.organizationId()).orElseThrow();
		String endpoint = requester.endpoint("fhir")
			.map(Provider.Endpoint::address)
			.orElseThrow(() -> new IllegalStateException(
					"Requester " + requester.id() + " has no FHIR endpoint in the directory"));
		List<DeliveryBundles.Delivered> delivered = documents(legId);
		Provider provider = this.directory.find(leg.providerId())
			.orElse(new Provider(leg.providerId(), null, leg.providerId(), Provider.Role.PROVIDER, true, null, null,
					null, null, List.of(), null));
		Bundle bundle = this.bundles.build(endpoint, request, leg, provider, requester, delivered);
		List<String> errors = this.validator.errors(bundle);
		if (!errors.isEmpty()) {
			// an invalid bundle never leaves; retrying would not make it valid, so the
			// leg
			// waits, with the reason, for staff to fix the cause and retry
			logger.warn("Delivery of leg {} blocked: the bundle breaks RecordHub's profile ({} error(s))", legId,
					errors.size());
			this.legs.record(
					leg, "DELIVERY_BLOCKED", "The delivery bundle does not validate against RecordHub's "
							+ "FHIR profile, so it was not sent (" + errors.size() + " error(s)): " + summary(errors),
					"fhir");
			return;
		}
		Bundle response = this.fhir.newRestfulGenericClient(endpoint).transaction().withBundle(bundle).execute();
		confirmed(bundle, response, endpoint);
		String download = this.downloads.create(request, leg, bundle, delivered);
		if (this.webhooks.configured(requester.id())) {
			Map<String, Object> notice = new LinkedHashMap<>();
			notice.put("event", "records.delivered");
			notice.put("requestId", request.id());
			notice.put("legId", legId);
			notice.put("documents", delivered.size());
			notice.put("submissionSet", response.getEntryFirstRep().getResponse().getLocation());
			notice.put("download", download);
			this.webhooks.notify(requester.id(), notice);
			this.legs.record(leg, "WEBHOOK_NOTIFIED", "The requester's webhook confirmed the delivery notice",
					"webhook");
		}
		logger.info("Delivered leg {}: {} document(s) to {}", legId, delivered.size(), endpoint);
		this.legs.advance(legId, Set.of(LegState.COMPLETE, LegState.INCOMPLETE),
				Transition
					.to(LegState.DELIVERED,
							"IHE MHD ITI-65 bundle with " + delivered.size() + " DocumentReference(s) accepted by "
									+ endpoint + " (" + response.getEntry().size() + " entries)")
					.on("fhir"));
	}

}
