package org.recordhub.fhir;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.apache.camel.ProducerTemplate;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.recordhub.document.FileFormat;
import org.recordhub.document.Inbound;
import org.recordhub.provider.Provider;
import org.recordhub.provider.ProviderDirectory;
import org.recordhub.security.Role;
import org.recordhub.system.Queues;

import org.springframework.stereotype.Component;

/**
 * RecordHub as an IHE MHD Document Recipient: records a provider pushes as an ITI-65
 * Provide Document Bundle (or HIM staff hand over that way) enter as received files, one
 * per DocumentReference, on the {@code fhir} channel, and are matched to their request,
 * read and delivered like records from any channel. The provider is the document's author
 * or custodian organisation, found in the directory by its NPI.
 */
@Component
class ProvideBundleIntake {

	/** Provider id for pushed records whose organisation the directory does not know. */
	static final String UNKNOWN_PROVIDER = "unknown-provider";

	private final Inbound inbound;

	private final ProducerTemplate producer;

	private final ProviderDirectory directory;

	private final FhirContext fhir;

	/** Where a received file is read through the API: its id follows. */
	private final String files;

	ProvideBundleIntake(Inbound inbound, ProducerTemplate producer, ProviderDirectory directory, FhirContext fhir,
			DeliveryProperties properties) {
		this.files = properties.publicUrl().toString().replaceFirst("/$", "") + "/api/v1/files/";
		this.fhir = fhir;
		this.inbound = inbound;
		this.producer = producer;
		this.directory = directory;
	}

	@Transaction
	public Bundle transaction(@TransactionParam Bundle bundle) {
		FhirApi.requireRole(Role.HIM_STAFF, Role.ADMIN);
		if (bundle.getType() != Bundle.BundleType.TRANSACTION) {
			throw new InvalidRequestException("RecordHub takes transaction Bundles (IHE MHD ITI-65 Provide Document "
					+ "Bundles) here, not " + bundle.getType());
		}
		Map<String, Resource> attachable = new HashMap<>();
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			if (entry.getResource() != null && !(entry.getResource() instanceof DocumentReference)) {
				attachable.put(entry.getFullUrl(), entry.getResource());
				attachable.put(entry.getResource().fhirType() + "/" + entry.getResource().getIdElement().getIdPart(),
						entry.getResource());
			}
		}
		// everything is checked before anything is kept: the transaction is all or
		// nothing, and every entry RecordHub would not honour is named with its reason
		Map<DocumentReference, byte[]> documents = new HashMap<>();
		Map<Resource, DocumentReference> contents = new HashMap<>();
		OperationOutcome refusals = new OperationOutcome();
		for (int i = 0; i < bundle.getEntry().size(); i++) {
			Bundle.BundleEntryComponent entry = bundle.getEntry().get(i);
			if (entry.getResource() instanceof DocumentReference document && isPost(entry)) {
				String refusal = null;
				if (document.hasRelatesTo()) {
					refusal = "it " + document.getRelatesToFirstRep().getCode().toCode()
							+ " another document; RecordHub keeps no documents pushed to it that it could relate to"
							+ ", so send it without relatesTo";
				}
				else {
					byte[] content = content(document, attachable);
					Resource target = attachable.get(document.getContentFirstRep().getAttachment().getUrl());
					if (content == null) {
						refusal = "its attachment has no data, and its url names no Binary with content in the bundle";
					}
					else if (FileFormat.of(content) == FileFormat.UNKNOWN) {
						refusal = "its content (" + declaredType(document, target) + ") is not records RecordHub "
								+ "reads: send PDF, TIFF, PNG, JPEG, a C-CDA document or a ZIP of those";
					}
					else {
						documents.put(document, content);
						if (target != null) {
							contents.put(target, document);
						}
					}
				}
				if (refusal != null) {
					refuse(refusals, i, "DocumentReference " + document.getIdElement().getIdPart() + ": " + refusal);
				}
			}
		}
		for (int i = 0; i < bundle.getEntry().size(); i++) {
			Bundle.BundleEntryComponent entry = bundle.getEntry().get(i);
			Resource resource = entry.getResource();
			if (resource instanceof DocumentReference && isPost(entry)) {
				continue;
			}
			if (resource instanceof ListResource list && isPost(entry) && isSubmissionSet(list)) {
				continue;
			}
			if (resource != null && named(resource, attachable, bundle) && isPost(entry)) {
				// a document's content: taken with it, or refused with it
				continue;
			}
			String what = entry.getRequest().getMethod() + " " + entry.getRequest().getUrl();
			if (resource instanceof ListResource list && !isSubmissionSet(list)) {
				refuse(refusals, i, what
						+ ": RecordHub keeps no folders (nor lists other than the SubmissionSet); send the documents without one");
			}
			else if (entry.getRequest().getMethod() == Bundle.HTTPVerb.PATCH
					|| entry.getRequest().getMethod() == Bundle.HTTPVerb.PUT
					|| entry.getRequest().getMethod() == Bundle.HTTPVerb.DELETE) {
				refuse(refusals, i, what + ": RecordHub takes new documents only; it changes no document it holds");
			}
			else if (resource instanceof Patient) {
				refuse(refusals, i, what + ": RecordHub keeps no patients pushed to it; it matches each document "
						+ "to its request by the document itself, so leave the Patient out");
			}
			else {
				refuse(refusals, i, what + ": not part of a document RecordHub takes (an ITI-65 bundle holds a "
						+ "SubmissionSet, DocumentReferences and the Binaries they name)");
			}
		}
		if (refusals.hasIssue()) {
			throw new UnprocessableEntityException(this.fhir, refusals);
		}
		if (documents.isEmpty()) {
			throw new UnprocessableEntityException("The bundle holds no DocumentReference: nothing to receive");
		}
		Map<DocumentReference, String> received = new HashMap<>();
		Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			if (entry.getResource() instanceof DocumentReference document) {
				byte[] content = documents.get(document);
				String fileName = "mhd-" + name(document, entry) + FileFormat.of(content).extension();
				String fileId = this.inbound.receive(content, fileName, provider(document, bundle), "fhir");
				received.put(document, fileId);
				this.producer.sendBody(Queues.uri(Queues.CORRELATE), fileId);
			}
		}
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			Bundle.BundleEntryResponseComponent answer = response.addEntry().getResponse().setStatus("201 Created");
			if (entry.getResource() instanceof DocumentReference document) {
				String fileId = received.get(document);
				answer.setLocation(this.files + fileId)
					.setOutcome(information("Received as file " + fileId
							+ "; it is matched to its request and read like records from any channel"));
			}
			else if (contents.containsKey(entry.getResource())) {
				answer.setLocation(this.files + received.get(contents.get(entry.getResource())) + "/content");
			}
			else {
				// the SubmissionSet: RecordHub keeps its documents, known by the id the
				// source gave it
				answer.setLocation("List/" + uuid(entry));
			}
		}
		return response;
	}

	/** Whether a DocumentReference of the bundle names the resource as its content. */
	private static boolean named(Resource resource, Map<String, Resource> attachable, Bundle bundle) {
		return bundle.getEntry()
			.stream()
			.map(Bundle.BundleEntryComponent::getResource)
			.filter(DocumentReference.class::isInstance)
			.map((document) -> ((DocumentReference) document).getContentFirstRep().getAttachment().getUrl())
			.anyMatch((url) -> url != null && attachable.get(url) == resource);
	}

	private static boolean isPost(Bundle.BundleEntryComponent entry) {
		return entry.getRequest().getMethod() == Bundle.HTTPVerb.POST;
	}

	private static boolean isSubmissionSet(ListResource list) {
		return list.getCode().getCoding().stream().anyMatch((coding) -> "submissionset".equals(coding.getCode()));
	}

	private static void refuse(OperationOutcome outcome, int entry, String why) {
		outcome.addIssue()
			.setSeverity(OperationOutcome.IssueSeverity.ERROR)
			.setCode(OperationOutcome.IssueType.NOTSUPPORTED)
			.setDiagnostics(why)
			.addExpression("Bundle.entry[" + entry + "]");
	}

	private static String declaredType(DocumentReference document, Resource target) {
		if (target instanceof Binary binary && binary.hasContentType()) {
			return binary.getContentType();
		}
		if (target instanceof Bundle) {
			return "a FHIR document";
		}
		String declared = document.getContentFirstRep().getAttachment().getContentType();
		return (declared != null) ? declared : "of no type RecordHub knows";
	}

	/**
	 * The document's name among received files: its master identifier (its uniqueId),
	 * else the id the source gave it, as characters any file system takes.
	 */
	private static String name(DocumentReference document, Bundle.BundleEntryComponent entry) {
		String name = document.hasMasterIdentifier() ? document.getMasterIdentifier().getValue() : uuid(entry);
		return name.replaceFirst("^urn:(uuid|oid):", "").replaceAll("[^A-Za-z0-9._-]", "-");
	}

	/** The entry's id as its source gave it, without {@code urn:uuid:}. */
	private static String uuid(Bundle.BundleEntryComponent entry) {
		String fullUrl = entry.getFullUrl();
		if (fullUrl != null && !fullUrl.isBlank()) {
			return fullUrl.replaceFirst("^urn:uuid:", "").replaceFirst(".*/", "");
		}
		return (entry.getResource() != null) ? entry.getResource().getIdElement().getIdPart() : "unnamed";
	}

	/**
	 * The document's content: its attachment's data, or the Binary (or, for a FHIR
	 * document, the Bundle) its url names in the bundle.
	 */
	private byte[] content(DocumentReference document, Map<String, Resource> attachable) {
		Attachment attachment = document.getContentFirstRep().getAttachment();
		if (attachment.hasData()) {
			return attachment.getData();
		}
		Resource target = attachable.get(attachment.getUrl());
		if (target instanceof Binary binary && binary.hasData()) {
			return binary.getData();
		}
		if (target instanceof Bundle fhirDocument) {
			return this.fhir.newJsonParser().encodeResourceToString(fhirDocument).getBytes(StandardCharsets.UTF_8);
		}
		return null;
	}

	/** The directory id of the document's author or custodian organisation, by NPI. */
	private String provider(DocumentReference document, Bundle bundle) {
		for (Reference reference : references(document)) {
			Resource organization = resolve(reference, document, bundle);
			if (organization instanceof Organization found) {
				for (Identifier identifier : found.getIdentifier()) {
					if ("http://hl7.org/fhir/sid/us-npi".equals(identifier.getSystem())) {
						List<Provider> matches = this.directory
							.search(identifier.getValue(), null, Provider.Role.PROVIDER, null, 0, 2)
							.items()
							.stream()
							.filter((provider) -> identifier.getValue().equals(provider.npi()))
							.toList();
						if (matches.size() == 1) {
							return matches.get(0).id();
						}
					}
				}
			}
		}
		return UNKNOWN_PROVIDER;
	}

	private static List<Reference> references(DocumentReference document) {
		List<Reference> references = new java.util.ArrayList<>(document.getAuthor());
		if (document.hasCustodian()) {
			references.add(document.getCustodian());
		}
		return references;
	}

	private static Resource resolve(Reference reference, DocumentReference document, Bundle bundle) {
		String target = reference.getReference();
		if (target == null) {
			return null;
		}
		if (target.startsWith("#")) {
			return document.getContained()
				.stream()
				.filter((resource) -> resource.getIdElement().getIdPart().equals(target.substring(1)))
				.findFirst()
				.orElse(null);
		}
		return bundle.getEntry()
			.stream()
			.filter((entry) -> target.equals(entry.getFullUrl()) || (entry.getResource() != null && target
				.equals(entry.getResource().fhirType() + "/" + entry.getResource().getIdElement().getIdPart())))
			.map(Bundle.BundleEntryComponent::getResource)
			.findFirst()
			.orElse(null);
	}

	private static OperationOutcome information(String text) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue()
			.setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
			.setCode(OperationOutcome.IssueType.INFORMATIONAL)
			.setDiagnostics(text);
		return outcome;
	}

}
