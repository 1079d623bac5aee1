package org.recordhub.fhir;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.recordhub.provider.Provider;
import org.recordhub.request.ProviderLeg;
import org.recordhub.request.RetrievalRequest;

/**
 * One delivery of a leg's records, as every delivery target gets it: the documents found
 * with their PDFs, and the validated ITI-65 bundle whose resources live under RecordHub's
 * own FHIR base.
 *
 * @param provider the organisation the records came from
 * @param requester the organisation they go to
 */
public record Delivery(RetrievalRequest request, ProviderLeg leg, Provider provider, Provider requester,
		List<DeliveryBundles.Delivered> documents, Bundle bundle) {

	/**
	 * The delivery as files, for a ZIP or an SFTP drop: one PDF per document, named by
	 * order, date of service and type, then {@code bundle.json} last (a receiver watching
	 * for it sees a complete drop).
	 */
	public List<File> files(FhirContext fhir) {
		List<File> files = new ArrayList<>();
		int number = 1;
		for (DeliveryBundles.Delivered document : this.documents) {
			String type = (document.document().typeDisplay() != null) ? document.document().typeDisplay() : "document";
			files.add(new File(
					String.format("%03d-%s-%s.pdf", number++,
							(document.document().dateOfService() != null) ? document.document().dateOfService()
									: "undated",
							type.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")),
					document.pdf()));
		}
		files.add(new File("bundle.json",
				fhir.newJsonParser()
					.setPrettyPrint(true)
					.encodeResourceToString(this.bundle)
					.getBytes(StandardCharsets.UTF_8)));
		return files;
	}

	/** A file of a delivery. */
	public record File(String name, byte[] content) {
	}

}
