package org.recordhub.fhir;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.recordhub.request.DateRange;
import org.recordhub.request.InvalidRequestException;
import org.recordhub.request.LegState;
import org.recordhub.request.RequestFilter;
import org.recordhub.request.Priority;
import org.recordhub.request.ProviderLeg;
import org.recordhub.request.RequestService;
import org.recordhub.request.RetrievalRequest;
import org.recordhub.request.RetrievalRequestForm;
import org.recordhub.security.Caller;
import org.recordhub.security.Role;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Retrieval requests as FHIR {@code Task}s. A requester creates one with the patient
 * ({@code for}, a contained Patient), the provider ({@code owner}, an Organization by its
 * directory id; more as {@code provider} inputs), the dates ({@code restriction.period}),
 * the purpose ({@code reasonCode}), and the authorization as an {@code authorization}
 * input: a contained {@code Consent} (its people and organisations contained beside it)
 * or a contained {@code DocumentReference} holding RecordHub's filled authorization form.
 * Read back, the Task carries the request's status and, as outputs, the
 * DocumentReferences delivered.
 */
@Component
class TaskResources implements IResourceProvider {

	/** Codes of the Task inputs RecordHub reads. */
	static final String INPUT_SYSTEM = "https://recordhub.org/fhir/CodeSystem/task-input";

	private final RequestService requests;

	private final DeliveredDocuments history;

	private final FhirContext fhir;

	private final JsonMapper json;

	private final Validator validator;

	TaskResources(RequestService requests, DeliveredDocuments history, FhirContext fhir, JsonMapper json,
			Validator validator) {
		this.requests = requests;
		this.history = history;
		this.fhir = fhir;
		this.json = json;
		this.validator = validator;
	}

	@Override
	public Class<? extends IBaseResource> getResourceType() {
		return Task.class;
	}

	@Create
	public MethodOutcome create(@ResourceParam Task task) {
		FhirApi.requireRole(Role.REQUESTER);
		RetrievalRequestForm form = form(task);
		Set<ConstraintViolation<RetrievalRequestForm>> violations = this.validator.validate(form);
		if (!violations.isEmpty()) {
			throw new UnprocessableEntityException(
					"The Task is not a complete retrieval request: " + violations.stream()
						.map((v) -> v.getPropertyPath() + " " + v.getMessage())
						.sorted()
						.collect(Collectors.joining("; ")));
		}
		RetrievalRequest request;
		try {
			request = this.requests.submit(form, Caller.current());
		}
		catch (InvalidRequestException ex) {
			throw new UnprocessableEntityException(ex.code() + ": " + ex.getMessage());
		}
		Task created = task(this.requests.get(request.id(), Caller.current()));
		return new MethodOutcome(created.getIdElement(), true).setResource(created);
	}

	@Read
	public Task read(@IdParam IdType id) {
		return task(FhirApi.request(this.requests, id.getIdPart()));
	}

	/** The caller's organisation's requests (every request for staff), newest first. */
	@Search
	public List<Task> search() {
		return this.requests.search(Caller.current(), RequestFilter.of(null), 0, 100)
			.items()
			.stream()
			.map(this::task)
			.toList();
	}

	private RetrievalRequestForm form(Task task) {
		Patient patient = contained(task, task.getFor(), Patient.class);
		if (patient == null) {
			throw new UnprocessableEntityException("Task.for must reference a contained Patient (#id)");
		}
		List<String> providers = new ArrayList<>();
		if (task.hasOwner()) {
			providers.add(task.getOwner().getReferenceElement().getIdPart());
		}
		List<String> recordTypes = new ArrayList<>();
		List<String> categories = new ArrayList<>();
		String authorizationDocument = null;
		tools.jackson.databind.JsonNode consent = null;
		for (Task.ParameterComponent input : task.getInput()) {
			String code = input.getType().getCodingFirstRep().getCode();
			if ("provider".equals(code) && input.getValue() instanceof Reference reference) {
				providers.add(reference.getReferenceElement().getIdPart());
			}
			else if ("record-type".equals(code)) {
				recordTypes.add(input.getValue().primitiveValue());
			}
			else if ("information-category".equals(code)) {
				categories.add(input.getValue().primitiveValue());
			}
			else if ("authorization".equals(code) && input.getValue() instanceof Reference reference) {
				Consent given = contained(task, reference, Consent.class);
				DocumentReference document = contained(task, reference, DocumentReference.class);
				if (given != null) {
					consent = this.json
						.readTree(this.fhir.newJsonParser().encodeResourceToString(standalone(task, given)));
				}
				else if (document != null && document.getContentFirstRep().getAttachment().hasData()) {
					authorizationDocument = Base64.getEncoder()
						.encodeToString(document.getContentFirstRep().getAttachment().getData());
				}
				else {
					throw new UnprocessableEntityException("The authorization input must reference a contained "
							+ "Consent, or a contained DocumentReference with the signed form as attachment data");
				}
			}
		}
		DateRange dates = task.getRestriction().hasPeriod()
				? new DateRange(day(task.getRestriction().getPeriod().getStart()),
						day(task.getRestriction().getPeriod().getEnd()))
				: null;
		String purpose = task.getReasonCode().hasCoding() ? task.getReasonCode().getCodingFirstRep().getCode()
				: task.getReasonCode().getText();
		Priority priority = (task.getPriority() != null && task.getPriority() != Task.TaskPriority.ROUTINE)
				? Priority.URGENT : Priority.ROUTINE;
		return new RetrievalRequestForm(person(patient), null, authorizationDocument, consent, providers, dates,
				recordTypes, categories, purpose, priority, null);
	}

	private static org.recordhub.request.Patient person(Patient patient) {
		return new org.recordhub.request.Patient(
				new org.recordhub.request.Patient.Name(
						patient.getNameFirstRep().getGiven().stream().map((given) -> given.getValue()).toList(),
						patient.getNameFirstRep().getFamily()),
				(patient.getBirthDate() != null) ? day(patient.getBirthDate()) : null,
				patient.getIdentifier()
					.stream()
					.map((id) -> new org.recordhub.request.Patient.Identifier(id.getSystem(), id.getValue()))
					.toList());
	}

	/**
	 * The Consent with the Task's other contained resources (its patient, signer,
	 * organisations) contained in it, as a Consent on its own carries them.
	 */
	private static Consent standalone(Task task, Consent consent) {
		Consent copy = consent.copy();
		copy.setContained(new ArrayList<>());
		for (Resource resource : task.getContained()) {
			if (resource != consent) {
				copy.addContained(resource.copy());
			}
		}
		return copy;
	}

	private static <T extends Resource> T contained(Task task, Reference reference, Class<T> type) {
		String id = reference.getReference();
		if (id == null || !id.startsWith("#")) {
			return null;
		}
		for (Resource resource : task.getContained()) {
			if (type.isInstance(resource) && resource.getIdElement().getIdPart().equals(id.substring(1))) {
				return type.cast(resource);
			}
		}
		return null;
	}

	private static LocalDate day(Date date) {
		return (date != null) ? date.toInstant().atZone(ZoneOffset.UTC).toLocalDate() : null;
	}

	/** The request as a Task: status, patient, providers, dates, delivered documents. */
	Task task(RetrievalRequest request) {
		Task task = new Task();
		task.setId(request.id());
		task.addIdentifier().setSystem(DeliveryBundles.ID_SYSTEM + "request").setValue(request.id());
		task.setIntent(Task.TaskIntent.ORDER);
		task.setStatus(switch (request.status()) {
			case IN_PROGRESS -> Task.TaskStatus.INPROGRESS;
			case DELIVERED, PARTIALLY_DELIVERED -> Task.TaskStatus.COMPLETED;
			case CLOSED -> Task.TaskStatus.FAILED;
			case CANCELLED -> Task.TaskStatus.CANCELLED;
		});
		task.setBusinessStatus(new CodeableConcept(new Coding("https://recordhub.org/fhir/CodeSystem/request-status",
				request.status().name(), request.status().name().toLowerCase(Locale.ROOT).replace('_', ' '))));
		task.setPriority(
				(request.priority() == Priority.URGENT) ? Task.TaskPriority.URGENT : Task.TaskPriority.ROUTINE);
		task.setAuthoredOn(Date.from(request.createdAt()));
		task.setRequester(new Reference("Organization/" + request.organizationId()));
		task.setReasonCode(new CodeableConcept().setText(request.purpose()));
		Patient patient = DeliveryBundles.patient(request);
		patient.setId("patient");
		task.addContained(patient);
		task.setFor(new Reference("#patient"));
		// dates of service are days: given as days, not as midnight in some zone
		task.getRestriction()
			.getPeriod()
			.setStartElement(new org.hl7.fhir.r4.model.DateTimeType(request.details().dateRange().from().toString()))
			.setEndElement(new org.hl7.fhir.r4.model.DateTimeType(request.details().dateRange().to().toString()));
		for (ProviderLeg leg : request.legs()) {
			if (!task.hasOwner()) {
				task.setOwner(new Reference("Organization/" + leg.providerId()));
			}
			else {
				task.addInput()
					.setType(new CodeableConcept(new Coding(INPUT_SYSTEM, "provider", null)))
					.setValue(new Reference("Organization/" + leg.providerId()));
			}
			if (leg.state() == LegState.DELIVERED) {
				for (String document : this.history.standing(leg.id())) {
					task.addOutput()
						.setType(new CodeableConcept(new Coding(INPUT_SYSTEM, "document", "Delivered document")))
						.setValue(new Reference("DocumentReference/" + document));
				}
			}
		}
		return task;
	}

}
