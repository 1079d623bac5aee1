package org.recordhub.fhir;

import java.util.List;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.recordhub.document.DocumentStore;
import org.recordhub.document.ReceivedFile;
import org.recordhub.document.ReceivedFileRepository;
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

	FhirDelivery(Legs legs, RequestService requests, ReceivedFileRepository files, DocumentStore store,
			ProviderDirectory directory, DeliveryBundles bundles, FhirContext fhir) {
		this.legs = legs;
		this.requests = requests;
		this.files = files;
		this.store = store;
		this.directory = directory;
		this.bundles = bundles;
		this.fhir = fhir;
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
		List<DeliveryBundles.Delivered> delivered = this.files.forLeg(legId)
			.stream()
			.filter((file) -> file.status() == ReceivedFile.Status.PROCESSED)
			.map((file) -> new DeliveryBundles.Delivered(file, this.store.get(file.deliveredSha256())))
			.toList();
		String providerName = this.directory.find(leg.providerId()).map(Provider::name).orElse(leg.providerId());
		Bundle bundle = this.bundles.build(endpoint, request, leg, providerName, delivered);
		Bundle response = this.fhir.newRestfulGenericClient(endpoint).transaction().withBundle(bundle).execute();
		logger.info("Delivered leg {}: {} document(s) to {}", legId, delivered.size(), endpoint);
		this.legs.advance(legId, Set.of(LegState.COMPLETE, LegState.INCOMPLETE),
				Transition
					.to(LegState.DELIVERED,
							"FHIR transaction with " + delivered.size() + " DocumentReference(s) accepted by "
									+ endpoint + " (" + response.getEntry().size() + " entries)")
					.on("fhir"));
	}

}
