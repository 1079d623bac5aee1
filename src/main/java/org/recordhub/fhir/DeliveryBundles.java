package org.recordhub.fhir;

import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.recordhub.document.DocumentStore;
import org.recordhub.document.ReceivedFile;
import org.recordhub.request.ProviderLeg;
import org.recordhub.request.RetrievalRequest;

import org.springframework.stereotype.Component;

/**
 * Maps a leg's records to a FHIR R4 transaction Bundle: the Patient, one
 * DocumentReference per received file, and a Binary with each file's bytes. All FHIR
 * mapping lives in this package.
 *
 * <p>
 * Every entry is a PUT with an id derived from RecordHub's own ids, so delivering the
 * same leg twice (a redelivered message after a crash) leaves one copy on the receiving
 * server.
 */
@Component
public class DeliveryBundles {

	/** Identifier system for RecordHub's ids. */
	public static final String ID_SYSTEM = "https://recordhub.org/fhir/sid/";

	/**
	 * @param serverBase the receiving server's base URL: entries' fullUrls are absolute
	 * there
	 */
	public Bundle build(String serverBase, RetrievalRequest request, ProviderLeg leg, String providerName,
			List<Delivered> files) {
		Bundle bundle = new Bundle();
		bundle.setType(Bundle.BundleType.TRANSACTION);
		bundle.setIdentifier(new Identifier().setSystem(ID_SYSTEM + "leg").setValue(leg.id()));
		bundle.setTimestamp(new Date());
		Patient patient = patient(request);
		add(bundle, serverBase, patient);
		for (Delivered file : files) {
			Binary binary = new Binary();
			binary.setId("rh-" + file.file().id());
			binary.setContentType(file.file().contentType());
			binary.setData(file.content());
			add(bundle, serverBase, binary);
			add(bundle, serverBase, documentReference(leg, providerName, patient, binary, file));
		}
		return bundle;
	}

	private static Patient patient(RetrievalRequest request) {
		org.recordhub.request.Patient subject = request.details().patient();
		Patient patient = new Patient();
		patient.setId("rh-" + request.id());
		patient.addIdentifier().setSystem(ID_SYSTEM + "request-patient").setValue(request.id());
		for (org.recordhub.request.Patient.Identifier identifier : subject.identifiers()) {
			patient.addIdentifier().setSystem(identifier.system()).setValue(identifier.value());
		}
		patient.addName()
			.setFamily(subject.name().family())
			.setGiven(subject.name().given().stream().map(org.hl7.fhir.r4.model.StringType::new).toList());
		patient.setBirthDate(java.sql.Date.valueOf(subject.birthDate()));
		return patient;
	}

	private static DocumentReference documentReference(ProviderLeg leg, String providerName, Patient patient,
			Binary binary, Delivered delivered) {
		ReceivedFile file = delivered.file();
		DocumentReference reference = new DocumentReference();
		reference.setId("rh-doc-" + file.id());
		reference
			.setMasterIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + file.id()));
		reference.addIdentifier().setSystem(ID_SYSTEM + "leg").setValue(leg.id());
		reference.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
		// the document type is found when records are classified; until then: "medical
		// records"
		reference.setType(new CodeableConcept(new Coding("http://loinc.org", "11503-0", "Medical records")));
		reference.setSubject(new Reference("Patient/" + patient.getIdElement().getIdPart()));
		reference.setDate(Date.from(file.receivedAt()));
		reference.setCustodian(new Reference().setDisplay(providerName));
		reference.setDescription("Records from " + providerName + " received over " + file.channel());
		Attachment attachment = new Attachment();
		attachment.setContentType(file.contentType());
		attachment.setUrl("Binary/" + binary.getIdElement().getIdPart());
		// size and hash of what is delivered (the searchable PDF), as a receiver checks
		// them
		attachment.setSize(delivered.content().length);
		attachment.setHash(Base64.getDecoder().decode(base64(DocumentStore.sha1(delivered.content()))));
		attachment.setTitle(file.fileName());
		attachment.setCreationElement(new org.hl7.fhir.r4.model.DateTimeType(Date.from(file.receivedAt())));
		reference.addContent().setAttachment(attachment);
		return reference;
	}

	private static String base64(String hex) {
		return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
	}

	private static void add(Bundle bundle, String serverBase, Resource resource) {
		String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
		String base = serverBase.endsWith("/") ? serverBase : serverBase + "/";
		bundle.addEntry()
			.setFullUrl(base + url)
			.setResource(resource)
			.getRequest()
			.setMethod(Bundle.HTTPVerb.PUT)
			.setUrl(url);
	}

	/** A processed file and its plaintext bytes. */
	public record Delivered(ReceivedFile file, byte[] content) {
	}

}
