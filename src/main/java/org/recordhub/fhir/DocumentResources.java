package org.recordhub.fhir;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.IdType;
import org.recordhub.request.Legs;
import org.recordhub.request.ProviderLeg;
import org.recordhub.request.RequestService;
import org.recordhub.request.RetrievalRequest;

import org.springframework.stereotype.Component;

/**
 * The delivered records as RecordHub's FHIR API serves them: the DocumentReferences and
 * Binaries of each delivered leg exactly as its ITI-65 bundle carried them (ids are the
 * documents' entryUUIDs; Binaries are {@code rh-<entryUUID>}; dates, sizes and hashes
 * those delivered), replaced documents left out. Searchable by patient or Task (one of
 * them required), by date (when delivered), period (date of service) and type (LOINC).
 */
@Component
class DocumentResources {

	private final RequestService requests;

	private final Legs legs;

	private final FhirDelivery delivery;

	private final DeliveredDocuments history;

	DocumentResources(RequestService requests, Legs legs, FhirDelivery delivery, DeliveredDocuments history) {
		this.requests = requests;
		this.legs = legs;
		this.delivery = delivery;
		this.history = history;
	}

	IResourceProvider documentReferences() {
		return new DocumentReferences();
	}

	IResourceProvider binaries() {
		return new Binaries();
	}

	/** The documents delivered for the request's legs, as they were delivered. */
	private List<FhirDelivery.Served> delivered(RetrievalRequest request) {
		List<FhirDelivery.Served> served = new ArrayList<>();
		for (ProviderLeg leg : request.legs()) {
			served.addAll(this.delivery.served(request, leg));
		}
		return served;
	}

	/** The delivered document of the entryUUID, if the caller may see it. */
	private FhirDelivery.Served find(String type, String id, String entryUuid) {
		String legId = this.history.legOf(entryUuid)
			.orElseThrow(() -> new ResourceNotFoundException(type + "/" + id + " is not known"));
		ProviderLeg leg = this.legs.find(legId).orElseThrow();
		RetrievalRequest request;
		try {
			request = FhirApi.request(this.requests, leg.requestId());
		}
		catch (ResourceNotFoundException ex) {
			// another organisation's document: not even which request it belongs to
			throw new ResourceNotFoundException(type + "/" + id + " is not known");
		}
		return this.delivery.served(request, leg, entryUuid)
			.orElseThrow(() -> new ResourceNotFoundException(type + "/" + id + " is not known"));
	}

	private static String requestOf(ReferenceParam reference, String prefix) {
		String id = reference.getIdPart();
		return (prefix.isEmpty() || id.startsWith(prefix)) ? id.substring(prefix.length()) : id;
	}

	private static boolean within(DateRangeParam range, Date date) {
		if (range == null) {
			return true;
		}
		if (date == null) {
			return false;
		}
		return (range.getLowerBoundAsInstant() == null || !date.before(range.getLowerBoundAsInstant()))
				&& (range.getUpperBoundAsInstant() == null || !date.after(range.getUpperBoundAsInstant()));
	}

	private static boolean typed(TokenOrListParam types, DocumentReference document) {
		if (types == null) {
			return true;
		}
		for (TokenParam type : types.getValuesAsQueryTokens()) {
			boolean matches = document.getType()
				.getCoding()
				.stream()
				.anyMatch((coding) -> coding.getCode() != null && coding.getCode().equals(type.getValue())
						&& (type.getSystem() == null || type.getSystem().equals(coding.getSystem())));
			if (matches) {
				return true;
			}
		}
		return false;
	}

	public final class DocumentReferences implements IResourceProvider {

		@Override
		public Class<? extends IBaseResource> getResourceType() {
			return DocumentReference.class;
		}

		@Read
		public DocumentReference read(@IdParam IdType id) {
			return find("DocumentReference", id.getIdPart(), id.getIdPart()).reference();
		}

		@Search
		public List<DocumentReference> search(
				@OptionalParam(name = DocumentReference.SP_PATIENT) ReferenceParam patient,
				@OptionalParam(name = "task") ReferenceParam task,
				@OptionalParam(name = DocumentReference.SP_DATE) DateRangeParam date,
				@OptionalParam(name = DocumentReference.SP_PERIOD) DateRangeParam period,
				@OptionalParam(name = DocumentReference.SP_TYPE) TokenOrListParam type) {
			if (patient == null && task == null) {
				throw new InvalidRequestException("Search by patient (Patient/rh-<request id>) or task (Task/<id>)");
			}
			String requestId = (task != null) ? requestOf(task, "") : requestOf(patient, "rh-");
			if (task != null && patient != null && !requestOf(patient, "rh-").equals(requestId)) {
				return List.of();
			}
			return delivered(FhirApi.request(DocumentResources.this.requests, requestId)).stream()
				.map(FhirDelivery.Served::reference)
				.filter((document) -> within(date, document.getDate()))
				.filter((document) -> period == null || within(period, document.getContext().getPeriod().getStart()))
				.filter((document) -> typed(type, document))
				.toList();
		}

	}

	public final class Binaries implements IResourceProvider {

		@Override
		public Class<? extends IBaseResource> getResourceType() {
			return Binary.class;
		}

		@Read
		public Binary read(@IdParam IdType id) {
			String entryUuid = id.getIdPart().startsWith("rh-") ? id.getIdPart().substring(3) : id.getIdPart();
			Binary binary = new Binary();
			binary.setId("rh-" + entryUuid);
			binary.setContentType("application/pdf");
			binary.setData(find("Binary", id.getIdPart(), entryUuid).pdf().get());
			return binary;
		}

	}

}
