package org.recordhub.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.recordhub.document.TextPdf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider's EHR with a FHIR API (HAPI RestfulServer on its own Tomcat): Patient search
 * by identifier or demographics, DocumentReference search by patient and date, Binary
 * read. It holds the synthetic patients and notes of the shared corpus (each note served
 * as a PDF), and one built-in demo patient, Alex Rivera, born 1970-02-14.
 */
public class SandboxEhr implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SandboxEhr.class);

	private final FhirContext fhir;

	private final Tomcat tomcat = new Tomcat();

	private final List<Patient> patients = new ArrayList<>();

	private final List<DocumentReference> documents = new ArrayList<>();

	private final List<Binary> binaries = new ArrayList<>();

	private SandboxSmartAuth smart;

	/**
	 * @param corpus the synthetic notes folder (with {@code raw/} and {@code docrefs/}),
	 * or {@code null}
	 */
	public SandboxEhr(FhirContext fhir, int port, Path corpus) {
		this.fhir = fhir;
		this.tomcat.setPort(port);
		this.tomcat.setHostname("127.0.0.1");
		addDemoPatient();
		if (corpus != null && Files.isDirectory(corpus.resolve("raw"))
				&& Files.isDirectory(corpus.resolve("docrefs"))) {
			load(corpus);
		}
	}

	/**
	 * Requires SMART Backend Services: FHIR calls need a bearer token from
	 * {@link #tokenUrl()}, granted to the client that signs its assertion with the key
	 * registered here. Call before {@link #start()}.
	 */
	public SandboxEhr requireSmart(SandboxSmartAuth smart) {
		this.smart = smart;
		return this;
	}

	public String tokenUrl() {
		return SandboxFhirServer.tokenUrl(this.tomcat);
	}

	public SandboxEhr start() {
		SandboxFhirServer.serve(this.tomcat, new Server(), this.smart);
		logger.info("Sandbox EHR (FHIR) at {}: {} patients, {} documents", baseUrl(), this.patients.size(),
				this.documents.size());
		return this;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.tomcat.getConnector().getLocalPort() + "/fhir";
	}

	@Override
	public void close() throws LifecycleException {
		this.tomcat.stop();
		this.tomcat.destroy();
	}

	private void load(Path corpus) {
		try (Stream<String> lines = Files.lines(corpus.resolve("raw/Patient.000.ndjson"));
				Stream<Path> docrefs = Files.list(corpus.resolve("docrefs"))) {
			lines.filter((line) -> !line.isBlank())
				.forEach((line) -> this.patients.add(this.fhir.newJsonParser().parseResource(Patient.class, line)));
			for (Path file : docrefs.filter((f) -> f.toString().endsWith(".json")).sorted().toList()) {
				DocumentReference document = this.fhir.newJsonParser()
					.parseResource(DocumentReference.class, Files.readString(file));
				String note = new String(document.getContentFirstRep().getAttachment().getData(),
						StandardCharsets.UTF_8);
				addDocument(document, note);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void addDemoPatient() {
		Patient patient = new Patient();
		patient.setId("demo-alex-rivera");
		patient.addIdentifier().setSystem("urn:oid:2.16.840.1.113883.4.1").setValue("000-00-0003");
		patient.addName().setFamily("Rivera").addGiven("Alex");
		patient.setBirthDate(java.sql.Date.valueOf("1970-02-14"));
		this.patients.add(patient);
		for (String day : List.of("2023-03-02", "2024-01-15")) {
			DocumentReference document = new DocumentReference();
			document.setId("demo-alex-rivera-" + day);
			document.getSubject().setReference("Patient/demo-alex-rivera");
			document.setDate(java.sql.Date.valueOf(day));
			addDocument(document,
					"# Progress note\nPatient returns for follow-up of knee pain. Improving with physical "
							+ "therapy.\n\n# Plan\nContinue exercises. Return in three months.");
		}
	}

	/** Serves the note as a PDF Binary, the way many EHRs expose documents. */
	private void addDocument(DocumentReference document, String note) {
		String binaryId = "pdf-" + document.getIdElement().getIdPart();
		Binary binary = new Binary();
		binary.setId(binaryId);
		binary.setContentType("application/pdf");
		binary.setData(TextPdf.render("Clinical note", "# HILLSIDE HEALTH - CLINICAL NOTE\nDate of service: "
				+ document.getDateElement().getValueAsString().substring(0, 10) + "\n\n" + note));
		this.binaries.add(binary);
		document.getContent().clear();
		document.addContent().getAttachment().setContentType("application/pdf").setUrl("Binary/" + binaryId);
		this.documents.add(document);
	}

	private final class Server extends RestfulServer {

		Server() {
			super(SandboxEhr.this.fhir);
		}

		@Override
		protected void initialize() {
			setResourceProviders(new PatientProvider(), new DocumentReferenceProvider(), new BinaryProvider());
			if (SandboxEhr.this.smart != null) {
				registerInterceptor(SandboxEhr.this.smart);
			}
		}

	}

	/** Patient read and search. */
	public final class PatientProvider implements IResourceProvider {

		@Override
		public Class<? extends IBaseResource> getResourceType() {
			return Patient.class;
		}

		@Read
		public Patient read(@IdParam IdType id) {
			return find(SandboxEhr.this.patients, id);
		}

		@Search
		public List<Patient> search(@OptionalParam(name = Patient.SP_IDENTIFIER) TokenParam identifier,
				@OptionalParam(name = Patient.SP_FAMILY) StringParam family,
				@OptionalParam(name = Patient.SP_BIRTHDATE) DateParam birthDate) {
			return SandboxEhr.this.patients.stream()
				.filter((p) -> identifier == null || p.getIdentifier()
					.stream()
					.anyMatch((i) -> i.getValue().equals(identifier.getValue())
							&& (identifier.getSystem() == null || identifier.getSystem().equals(i.getSystem()))))
				.filter((p) -> family == null || p.getName()
					.stream()
					.anyMatch((n) -> n.getFamily() != null && n.getFamily()
						.toLowerCase(Locale.ROOT)
						.startsWith(family.getValue().toLowerCase(Locale.ROOT))))
				.filter((p) -> birthDate == null || (p.getBirthDateElement().getValueAsString() != null
						&& p.getBirthDateElement().getValueAsString().equals(birthDate.getValueAsString())))
				.toList();
		}

	}

	/** DocumentReference read and search by patient and date. */
	public final class DocumentReferenceProvider implements IResourceProvider {

		@Override
		public Class<? extends IBaseResource> getResourceType() {
			return DocumentReference.class;
		}

		@Read
		public DocumentReference read(@IdParam IdType id) {
			return find(SandboxEhr.this.documents, id);
		}

		@Search
		public List<DocumentReference> search(
				@RequiredParam(name = DocumentReference.SP_PATIENT) ReferenceParam patient,
				@OptionalParam(name = DocumentReference.SP_DATE) DateRangeParam date) {
			return SandboxEhr.this.documents.stream()
				.filter((d) -> d.getSubject().getReferenceElement().getIdPart().equals(patient.getIdPart()))
				.filter((d) -> date == null || within(d.getDate(), date))
				.toList();
		}

		private boolean within(Date day, DateRangeParam range) {
			return (range.getLowerBoundAsInstant() == null || !day.before(range.getLowerBoundAsInstant()))
					&& (range.getUpperBoundAsInstant() == null || !day.after(range.getUpperBoundAsInstant()));
		}

	}

	/** Binary read: the notes as PDFs. */
	public final class BinaryProvider implements IResourceProvider {

		@Override
		public Class<? extends IBaseResource> getResourceType() {
			return Binary.class;
		}

		@Read
		public Binary read(@IdParam IdType id) {
			return find(SandboxEhr.this.binaries, id);
		}

	}

	private static <T extends org.hl7.fhir.r4.model.Resource> T find(List<T> resources, IdType id) {
		return resources.stream()
			.filter((r) -> r.getIdElement().getIdPart().equals(id.getIdPart()))
			.findFirst()
			.orElseThrow(() -> new ResourceNotFoundException(id));
	}

}
