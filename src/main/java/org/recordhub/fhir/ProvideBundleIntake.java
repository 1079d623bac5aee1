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
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
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

	ProvideBundleIntake(Inbound inbound, ProducerTemplate producer, ProviderDirectory directory, FhirContext fhir) {
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
		// nothing
		Map<DocumentReference, byte[]> documents = new HashMap<>();
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			if (entry.getResource() instanceof DocumentReference document) {
				documents.put(document, content(document, attachable));
			}
		}
		if (documents.isEmpty()) {
			throw new UnprocessableEntityException("The bundle holds no DocumentReference: nothing to receive");
		}
		Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			Bundle.BundleEntryResponseComponent answer = response.addEntry().getResponse();
			if (entry.getResource() instanceof DocumentReference document) {
				byte[] content = documents.get(document);
				String fileName = "mhd-" + document.getIdElement().getIdPart() + FileFormat.of(content).extension();
				String fileId = this.inbound.receive(content, fileName, provider(document, bundle), "fhir");
				this.producer.sendBody(Queues.uri(Queues.CORRELATE), fileId);
				answer.setStatus("202 Accepted")
					.setOutcome(information("Received as file " + fileId
							+ "; it is matched to its request and read like records from any channel"));
			}
			else {
				answer.setStatus("200 OK");
			}
		}
		return response;
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
		throw new UnprocessableEntityException("DocumentReference " + document.getIdElement().getIdPart()
				+ ": its attachment has no data, and its url names no Binary with content in the bundle");
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
