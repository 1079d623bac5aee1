package org.recordhub.channel.fhir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import org.apache.camel.Header;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Patient;
import org.recordhub.document.FileFormat;
import org.recordhub.document.InboundBatch;
import org.recordhub.request.LegState;
import org.recordhub.request.Legs;
import org.recordhub.request.Legs.Transition;
import org.recordhub.request.ProviderLeg;
import org.recordhub.request.RequestDetails;
import org.recordhub.request.RequestService;
import org.recordhub.system.Queues;

import org.springframework.stereotype.Component;

/**
 * The FHIR channel: RecordHub fetches the records itself from the provider's FHIR API. It
 * finds the patient (by identifier, else by family name, birth date and first initial; no
 * match or several is NEEDS_INFORMATION, never a guess), searches DocumentReferences in
 * the requested dates, and fetches each document, which then takes the same path as
 * records arriving on any channel.
 */
@Component("fhirRetrieval")
public class FhirRetrieval {

	private final Legs legs;

	private final RequestService requests;

	private final InboundBatch batch;

	private final FhirContext fhir;

	private final SmartBackendAuth smart;

	FhirRetrieval(Legs legs, RequestService requests, InboundBatch batch, FhirContext fhir, SmartBackendAuth smart) {
		this.legs = legs;
		this.requests = requests;
		this.batch = batch;
		this.fhir = fhir;
		this.smart = smart;
	}

	/**
	 * Queries the provider's FHIR API for the leg; with a token URL, as a SMART backend
	 * client (a bearer token obtained with a JWT signed by our private key).
	 */
	public void retrieve(@Header(Queues.LEG_ID) String legId, @Header("recordhubFhirBase") String baseUrl,
			@Header("recordhubFhirTokenUrl") String tokenUrl, @Header("recordhubFhirClientId") String clientId,
			@Header("recordhubFhirPrivateKeyFile") String privateKeyFile, @Header("recordhubFhirKeyId") String keyId,
			@Header("recordhubFhirScope") String scope) {
		ProviderLeg leg = this.legs.find(legId).orElseThrow();
		RequestDetails details = this.requests.load(leg.requestId()).details();
		IGenericClient client = this.fhir.newRestfulGenericClient(baseUrl);
		if (tokenUrl != null && !tokenUrl.isBlank()) {
			client.registerInterceptor(new BearerTokenAuthInterceptor(this.smart
				.token(new SmartBackendAuth.Client(tokenUrl, clientId, Path.of(privateKeyFile), keyId, scope))));
		}
		List<Patient> matches = patients(client, details.patient());
		// everything is fetched before anything changes: a failure retries the whole
		// query
		Map<String, byte[]> documents = new LinkedHashMap<>();
		if (matches.size() == 1) {
			for (DocumentReference document : documents(client, matches.get(0), details)) {
				byte[] content = content(client, document);
				documents.put(legId + "-" + document.getIdElement().getIdPart() + FileFormat.of(content).extension(),
						content);
			}
		}
		this.legs.advance(legId, Set.of(LegState.READY),
				Transition.to(LegState.SUBMITTED, "Queried the provider's FHIR API at " + baseUrl).on("fhir"));
		if (matches.size() != 1) {
			this.legs.advance(legId, Set.of(LegState.SUBMITTED), Transition
				.to(LegState.NEEDS_INFORMATION, (matches.isEmpty() ? "No patient on the provider's FHIR server matches"
						: matches.size() + " patients on the provider's FHIR server match")
						+ " the request's identifiers or name and birth date; a person must identify the patient")
				.on("fhir"));
			return;
		}
		if (documents.isEmpty()) {
			this.legs.advance(legId, Set.of(LegState.SUBMITTED),
					Transition
						.to(LegState.NO_RECORDS,
								"The provider's FHIR server has no documents for the patient " + "in "
										+ details.dateRange())
						.on("fhir"));
			return;
		}
		this.batch.receiveTogether(documents, leg.providerId(), "fhir");
	}

	private static List<Patient> patients(IGenericClient client, org.recordhub.request.Patient patient) {
		for (org.recordhub.request.Patient.Identifier identifier : patient.identifiers()) {
			List<Patient> found = search(client, client.search()
				.forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndIdentifier(identifier.system(), identifier.value()))
				.returnBundle(Bundle.class)
				.execute(), Patient.class);
			if (!found.isEmpty()) {
				return found;
			}
		}
		String initial = patient.name().given().isEmpty() ? ""
				: patient.name().given().get(0).substring(0, 1).toLowerCase(Locale.ROOT);
		return search(client,
				client.search()
					.forResource(Patient.class)
					.where(Patient.FAMILY.matches().value(patient.name().family()))
					.and(Patient.BIRTHDATE.exactly().day(patient.birthDate().toString()))
					.returnBundle(Bundle.class)
					.execute(),
				Patient.class)
			.stream()
			.filter((p) -> p.getNameFirstRep().getGivenAsSingleString().toLowerCase(Locale.ROOT).startsWith(initial))
			.toList();
	}

	private static List<DocumentReference> documents(IGenericClient client, Patient patient, RequestDetails details) {
		return search(client,
				client.search()
					.forResource(DocumentReference.class)
					.where(DocumentReference.PATIENT.hasId(patient.getIdElement().getIdPart()))
					.and(DocumentReference.DATE.afterOrEquals().day(details.dateRange().from().toString()))
					.and(DocumentReference.DATE.beforeOrEquals().day(details.dateRange().to().toString()))
					.returnBundle(Bundle.class)
					.execute(),
				DocumentReference.class);
	}

	private static byte[] content(IGenericClient client, DocumentReference document) {
		var attachment = document.getContentFirstRep().getAttachment();
		if (attachment.hasData()) {
			return attachment.getData();
		}
		return client.read().resource(Binary.class).withUrl(attachment.getUrl()).execute().getData();
	}

	/** Every resource of the search, following the server's next links. */
	private static <T> List<T> search(IGenericClient client, Bundle first, Class<T> type) {
		List<T> resources = new ArrayList<>();
		for (Bundle page = first; page != null; page = (page.getLink(Bundle.LINK_NEXT) != null)
				? client.loadPage().next(page).execute() : null) {
			page.getEntry()
				.stream()
				.map(Bundle.BundleEntryComponent::getResource)
				.filter(type::isInstance)
				.map(type::cast)
				.forEach(resources::add);
		}
		return resources;
	}

}
