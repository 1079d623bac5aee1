package org.recordhub.fhir;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.recordhub.document.DocumentStore;
import org.recordhub.document.RecordDocumentRepository.RecordDocument;
import org.recordhub.provider.Provider;
import org.recordhub.request.ProviderLeg;
import org.recordhub.request.RetrievalRequest;

import org.springframework.stereotype.Component;

/**
 * Maps a leg's records to an IHE MHD ITI-65 Provide Document Bundle (Comprehensive
 * metadata): a SubmissionSet List, the Patient, one DocumentReference per document found
 * in the records (conforming to both MHD Comprehensive and US Core DocumentReference),
 * and a Binary with each document's searchable PDF. All FHIR mapping lives in this
 * package.
 *
 * <p>
 * Delivering the same leg again (a redelivered message after a crash) leaves one copy on
 * the receiving server: the SubmissionSet and DocumentReferences are POSTed as MHD
 * requires, conditionally on their identifiers ({@code ifNoneExist}), which are derived
 * from RecordHub's ids; the Patient and Binaries are PUT with ids derived the same way.
 */
@Component
public class DeliveryBundles {

	/** Identifier system for RecordHub's ids. */
	public static final String ID_SYSTEM = "https://recordhub.org/fhir/sid/";

	static final String MHD = "https://profiles.ihe.net/ITI/MHD/StructureDefinition/";

	static final String PROVIDE_BUNDLE = MHD + "IHE.MHD.Comprehensive.ProvideBundle";

	static final String US_CORE_DOCUMENT_REFERENCE = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-documentreference";

	private static final String URI = "urn:ietf:rfc:3986";

	/** RecordHub as the source of submission sets: an OID under 2.25 (ITU-T X.667). */
	static final String SOURCE_OID = oid(uuid("recordhub"));

	/**
	 * @param serverBase the receiving server's base URL: the PUT entries' fullUrls are
	 * absolute there
	 */
	public Bundle build(String serverBase, RetrievalRequest request, ProviderLeg leg, Provider provider,
			Provider requester, List<Delivered> documents) {
		String base = serverBase.endsWith("/") ? serverBase : serverBase + "/";
		Bundle bundle = new Bundle();
		bundle.getMeta().addProfile(PROVIDE_BUNDLE);
		bundle.setType(Bundle.BundleType.TRANSACTION);
		bundle.setIdentifier(new Identifier().setSystem(ID_SYSTEM + "leg").setValue(leg.id()));
		bundle.setTimestamp(new Date());
		Patient patient = patient(request);
		ListResource submission = submissionSet(base, leg, patient, requester, bundle.getTimestamp());
		post(bundle, submission, "identifier=" + URI + "|" + submission.getIdentifierFirstRep().getValue());
		for (Delivered document : documents) {
			Binary binary = new Binary();
			binary.setId("rh-" + document.id());
			binary.setContentType("application/pdf");
			binary.setData(document.pdf());
			DocumentReference reference = documentReference(base, leg, provider, patient, binary, document,
					request.details().informationCategories());
			submission.addEntry().setItem(new Reference("urn:uuid:" + reference.getIdElement().getIdPart()));
			post(bundle, reference, "identifier=" + URI + "|urn:uuid:" + document.id());
			put(bundle, base, binary);
		}
		put(bundle, base, patient);
		return bundle;
	}

	static Patient patient(RetrievalRequest request) {
		org.recordhub.request.Patient subject = request.details().patient();
		Patient patient = new Patient();
		patient.setId("rh-" + request.id());
		patient.addIdentifier().setSystem(ID_SYSTEM + "request-patient").setValue(request.id());
		for (org.recordhub.request.Patient.Identifier identifier : subject.identifiers()) {
			patient.addIdentifier().setSystem(identifier.system()).setValue(identifier.value());
		}
		patient.addName()
			.setFamily(subject.name().family())
			.setGiven(subject.name().given().stream().map(StringType::new).toList());
		patient.setBirthDate(java.sql.Date.valueOf(subject.birthDate()));
		// US Core requires a gender; a retrieval request does not give one, and RecordHub
		// says so rather than guess
		patient.setGender(Enumerations.AdministrativeGender.UNKNOWN);
		return patient;
	}

	private static ListResource submissionSet(String base, ProviderLeg leg, Patient patient, Provider requester,
			Date now) {
		UUID id = uuid("submission-set:" + leg.id());
		ListResource list = new ListResource();
		list.setId(id.toString());
		list.getMeta().addProfile(MHD + "IHE.MHD.Comprehensive.SubmissionSet");
		list.addExtension(MHD + "ihe-designationType",
				new CodeableConcept(new Coding("http://loinc.org", "11503-0", "Medical records")));
		list.addExtension(MHD + "ihe-sourceId", new Identifier().setValue("urn:oid:" + SOURCE_OID));
		Organization recipient = organization("recipient", requester);
		list.addContained(recipient);
		list.addExtension(MHD + "ihe-intendedRecipient", new Reference("#recipient"));
		list.addIdentifier().setUse(Identifier.IdentifierUse.USUAL).setSystem(URI).setValue("urn:oid:" + oid(id));
		list.addIdentifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem(URI).setValue("urn:uuid:" + id);
		list.setStatus(ListResource.ListStatus.CURRENT);
		list.setMode(ListResource.ListMode.WORKING);
		list.setCode(new CodeableConcept(
				new Coding("https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes", "submissionset", null)));
		list.setSubject(new Reference(base + "Patient/" + patient.getIdElement().getIdPart()));
		list.setDate(now);
		return list;
	}

	/**
	 * References to the bundle's Patient and Binary are their full URLs: a relative one
	 * in an entry whose full URL is a {@code urn:uuid:} resolves against nothing a
	 * receiver of a dropped or downloaded bundle knows.
	 */
	private static DocumentReference documentReference(String base, ProviderLeg leg, Provider provider, Patient patient,
			Binary binary, Delivered delivered, List<String> categories) {
		RecordDocument document = delivered.document();
		DocumentReference reference = new DocumentReference();
		reference.setId(delivered.id());
		reference.getMeta().addProfile(MHD + "IHE.MHD.Comprehensive.DocumentReference");
		reference.getMeta().addProfile(US_CORE_DOCUMENT_REFERENCE);
		reference.setMasterIdentifier(new Identifier().setUse(Identifier.IdentifierUse.USUAL)
			.setSystem(URI)
			.setValue("urn:oid:" + oid(UUID.fromString(delivered.id()))));
		reference.addIdentifier().setSystem(ID_SYSTEM + "leg").setValue(leg.id());
		reference.addIdentifier()
			.setUse(Identifier.IdentifierUse.OFFICIAL)
			.setSystem(URI)
			.setValue("urn:uuid:" + delivered.id());
		reference.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
		reference.setType(LoincDocumentCodes.type(document));
		reference.addCategory(new CodeableConcept()
			.addCoding(new Coding("http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category",
					"clinical-note", "Clinical Note"))
			.addCoding(new Coding("http://loinc.org", "11503-0", "Medical records")));
		reference.setSubject(new Reference(base + "Patient/" + patient.getIdElement().getIdPart()));
		// when RecordHub received it, not when the bundle was built: the same in every
		// delivery of the document and on every read of RecordHub's FHIR API
		reference.setDate(delivered.created());
		Organization author = organization("author", provider);
		reference.addContained(author);
		reference.addAuthor(new Reference("#author"));
		reference.setCustodian(new Reference().setDisplay(provider.name()));
		reference.setDescription(document.typeDisplay() != null ? document.typeDisplay() : "Medical records");
		securityLabels(reference, categories);
		Attachment attachment = new Attachment();
		attachment.setContentType("application/pdf");
		attachment.setLanguage("en-US");
		attachment.setUrl(base + "Binary/" + binary.getIdElement().getIdPart());
		// size and hash of the raw bytes delivered, as a receiver checks them
		attachment.setSize(delivered.pdf().length);
		attachment.setHash(HexFormat.of().parseHex(DocumentStore.sha1(delivered.pdf())));
		attachment.setTitle(reference.getDescription() + " from " + provider.name());
		attachment.setCreationElement(new DateTimeType(delivered.created()));
		reference.addContent()
			.setAttachment(attachment)
			.setFormat(new Coding("http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode",
					"urn:ihe:iti:xds-sd:pdf:2008", "Scanned Documents (PDF)"));
		if (delivered.replaces() != null) {
			// a logical reference by the replaced document's entryUUID: it holds on any
			// server, whatever id that server gave it
			reference.addRelatesTo()
				.setCode(DocumentReference.DocumentRelationshipType.REPLACES)
				.setTarget(new Reference().setType("DocumentReference")
					.setIdentifier(new Identifier().setSystem(URI).setValue("urn:uuid:" + delivered.replaces())));
		}
		DocumentReference.DocumentReferenceContextComponent context = reference.getContext();
		if (document.dateOfService() != null) {
			String day = document.dateOfService().toString();
			context.setPeriod(new Period().setStartElement(new DateTimeType(day)).setEndElement(new DateTimeType(day)));
		}
		PracticeSettings.Setting setting = PracticeSettings.of(provider.taxonomy());
		context.setFacilityType(setting.facilityType());
		context.setPracticeSetting(setting.practiceSetting());
		Patient source = patient.copy();
		source.setId("source-patient");
		reference.addContained(source);
		context.setSourcePatientInfo(new Reference("#source-patient"));
		return reference;
	}

	/**
	 * Normal confidentiality for general records; restricted when the request asked for a
	 * sensitive category (HIV, mental health, substance use, genetic, reproductive...),
	 * with the 42 CFR Part 2 policy label on substance use disorder records.
	 */
	private static void securityLabels(DocumentReference reference, List<String> categories) {
		boolean sensitive = categories.stream().anyMatch((category) -> !"GENERAL".equals(category));
		reference.addSecurityLabel(new CodeableConcept(
				sensitive ? new Coding("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R", "restricted")
						: new Coding("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "N", "normal")));
		if (categories.contains("SUBSTANCE_USE_DISORDER")) {
			reference.addSecurityLabel(new CodeableConcept(
					new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "42CFRPart2", "42 CFR Part2")));
		}
	}

	private static Organization organization(String id, Provider provider) {
		Organization organization = new Organization();
		organization.setId(id);
		organization.setActive(provider.active());
		organization.setName(provider.name());
		if (provider.npi() != null) {
			organization.addIdentifier().setSystem("http://hl7.org/fhir/sid/us-npi").setValue(provider.npi());
		}
		return organization;
	}

	private static void post(Bundle bundle, Resource resource, String ifNoneExist) {
		bundle.addEntry()
			.setFullUrl("urn:uuid:" + resource.getIdElement().getIdPart())
			.setResource(resource)
			.getRequest()
			.setMethod(Bundle.HTTPVerb.POST)
			.setUrl(resource.fhirType())
			.setIfNoneExist(ifNoneExist);
	}

	private static void put(Bundle bundle, String base, Resource resource) {
		String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
		bundle.addEntry()
			.setFullUrl(base + url)
			.setResource(resource)
			.getRequest()
			.setMethod(Bundle.HTTPVerb.PUT)
			.setUrl(url);
	}

	/** A name-based UUID: the same RecordHub thing gets the same id in every delivery. */
	static UUID uuid(String name) {
		return UUID.nameUUIDFromBytes(("recordhub:" + name).getBytes(StandardCharsets.UTF_8));
	}

	/** The UUID as an OID under 2.25 (ITU-T X.667). */
	static String oid(UUID uuid) {
		ByteBuffer bytes = ByteBuffer.allocate(16)
			.putLong(uuid.getMostSignificantBits())
			.putLong(uuid.getLeastSignificantBits());
		return "2.25." + new BigInteger(1, bytes.array());
	}

	/**
	 * A document found in the records and its searchable PDF.
	 *
	 * @param id the DocumentReference's entryUUID, the same in every delivery
	 * @param replaces the entryUUID of the delivered document this one corrects, or
	 * {@code null}
	 */
	public record Delivered(String id, RecordDocument document, byte[] pdf, Date created, String replaces) {

		/**
		 * @param created when RecordHub received the records the document is in: its
		 * DocumentReference's date, the same in every delivery
		 */
		public Delivered(String id, RecordDocument document, byte[] pdf, Date created) {
			this(id, document, pdf, created, null);
		}

		Delivered replacing(String earlier) {
			return new Delivered(this.id, this.document, this.pdf, this.created, earlier);
		}

		Delivered withPdf(byte[] delivered) {
			return new Delivered(this.id, this.document, delivered, this.created, this.replaces);
		}

	}

}
