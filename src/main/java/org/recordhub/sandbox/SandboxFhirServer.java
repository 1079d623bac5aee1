package org.recordhub.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.provider.HashMapResourceProvider;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A requester's FHIR server (HAPI FHIR RestfulServer on its own embedded Tomcat): accepts
 * transaction Bundles (IHE MHD ITI-65 Provide Document Bundles among them) and serves
 * what it stored, in memory.
 */
public class SandboxFhirServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SandboxFhirServer.class);

	private final Tomcat tomcat = new Tomcat();

	private final Map<String, HashMapResourceProvider<? extends Resource>> providers;

	private final AtomicInteger transactions = new AtomicInteger();

	private final FhirContext fhir;

	private volatile boolean accepting = true;

	private volatile Bundle lastTransaction;

	private volatile boolean confirming = true;

	private SandboxSmartAuth smart;

	public SandboxFhirServer(FhirContext fhir, int port) {
		this.fhir = fhir;
		this.providers = Map.of("Patient", new HashMapResourceProvider<>(fhir, Patient.class), "DocumentReference",
				new HashMapResourceProvider<>(fhir, DocumentReference.class), "Binary",
				new HashMapResourceProvider<>(fhir, Binary.class), "List",
				new HashMapResourceProvider<>(fhir, ListResource.class));
		this.tomcat.setPort(port);
		this.tomcat.setHostname("127.0.0.1");
	}

	/**
	 * Requires SMART Backend Services: transactions need a bearer token from
	 * {@link #tokenUrl()}, granted to the client that signs its assertion with the key
	 * registered there. Call before {@link #start()}.
	 */
	public SandboxFhirServer requireSmart(SandboxSmartAuth smart) {
		this.smart = smart;
		return this;
	}

	public String tokenUrl() {
		return tokenUrl(this.tomcat);
	}

	static String tokenUrl(Tomcat tomcat) {
		return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/auth/token";
	}

	public SandboxFhirServer start() {
		serve(this.tomcat, new Server(), this.smart);
		logger.info("Sandbox FHIR server at {}", baseUrl());
		return this;
	}

	/**
	 * Serves a FHIR servlet at {@code /fhir} on an embedded Tomcat of its own, and the
	 * SMART token endpoint at {@code /auth/token} when it requires SMART.
	 */
	static void serve(Tomcat tomcat, RestfulServer servlet, SandboxSmartAuth smart) {
		try {
			tomcat.setBaseDir(Files.createTempDirectory("sandbox-fhir").toString());
			Context context = tomcat.addContext("", null);
			Tomcat.addServlet(context, "fhir", servlet);
			context.addServletMappingDecoded("/fhir/*", "fhir");
			if (smart != null) {
				Tomcat.addServlet(context, "token", smart);
				context.addServletMappingDecoded("/auth/token", "token");
			}
			tomcat.getConnector();
			tomcat.start();
			if (smart != null) {
				// the port is known once started
				smart.setTokenUrl(tokenUrl(tomcat));
			}
		}
		catch (IOException | LifecycleException ex) {
			throw new IllegalStateException("Cannot start a sandbox FHIR server", ex);
		}
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.tomcat.getConnector().getLocalPort() + "/fhir";
	}

	/**
	 * Whether it accepts transactions; when not, it answers 500 as a server that is down
	 * would.
	 */
	public void setAccepting(boolean accepting) {
		this.accepting = accepting;
	}

	/**
	 * Whether its transaction responses confirm every entry; when not, it stores them all
	 * but leaves the last out of its answer, as a server that lost one would.
	 */
	public void setConfirming(boolean confirming) {
		this.confirming = confirming;
	}

	/** The last transaction Bundle it received, as it came (for tests). */
	public Bundle lastTransaction() {
		return this.lastTransaction;
	}

	/** How many transaction Bundles it accepted. */
	public int transactions() {
		return this.transactions.get();
	}

	/** What it stores of one resource type (for tests). */
	@SuppressWarnings("unchecked")
	public <T extends Resource> List<T> stored(Class<T> type) {
		return (List<T>) this.providers.get(this.fhir.getResourceType(type)).getStoredResources();
	}

	@Override
	public void close() throws LifecycleException {
		this.tomcat.stop();
		this.tomcat.destroy();
	}

	private final class Server extends RestfulServer {

		Server() {
			super(SandboxFhirServer.this.fhir);
		}

		@Override
		protected void initialize() {
			setResourceProviders(List.copyOf(SandboxFhirServer.this.providers.values()));
			registerProvider(new TransactionProvider());
			if (SandboxFhirServer.this.smart != null) {
				registerInterceptor(SandboxFhirServer.this.smart);
			}
		}

	}

	/**
	 * Stores each entry of a transaction through the resource providers, as a FHIR server
	 * does: PUTs by their ids; POSTs under the id of their {@code urn:uuid:} full URL,
	 * unless their {@code ifNoneExist} ({@code identifier=system|value}) matches a stored
	 * resource; references to {@code urn:uuid:} entries and to PUT entries' full URLs
	 * rewritten to the stored ids.
	 */
	public final class TransactionProvider {

		@Transaction
		public Bundle transaction(@TransactionParam Bundle bundle, RequestDetails request) {
			if (!SandboxFhirServer.this.accepting) {
				throw new InternalErrorException("The sandbox FHIR server is not accepting transactions");
			}
			SandboxFhirServer.this.lastTransaction = bundle.copy();
			Map<String, String> stored = new HashMap<>();
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				Resource resource = entry.getResource();
				if (entry.getRequest().getMethod() == Bundle.HTTPVerb.POST) {
					String id = entry.getFullUrl().startsWith("urn:uuid:")
							? entry.getFullUrl().substring("urn:uuid:".length()) : UUID.randomUUID().toString();
					String existing = matching(resource.fhirType(), entry.getRequest().getIfNoneExist());
					stored.put(entry.getFullUrl(), resource.fhirType() + "/" + ((existing != null) ? existing : id));
				}
				else if (entry.getRequest().getMethod() == Bundle.HTTPVerb.PUT) {
					stored.put(entry.getFullUrl(), entry.getRequest().getUrl());
				}
				else {
					throw new InvalidRequestException("The sandbox accepts PUT and POST entries only");
				}
			}
			Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				Resource resource = entry.getResource();
				if (entry.getRequest().getMethod() == Bundle.HTTPVerb.POST) {
					String location = stored.get(entry.getFullUrl());
					if (matching(resource.fhirType(), entry.getRequest().getIfNoneExist()) != null) {
						response.addEntry().getResponse().setStatus("200 OK").setLocation(location);
						continue;
					}
					resource.setId(location);
				}
				localReferences(resource, stored);
				if (resource instanceof DocumentReference document) {
					supersede(document, request);
				}
				MethodOutcome outcome = update(resource, request);
				response.addEntry()
					.getResponse()
					.setStatus(Boolean.TRUE.equals(outcome.getCreated()) ? "201 Created" : "200 OK")
					.setLocation(outcome.getId().getValue());
			}
			SandboxFhirServer.this.transactions.incrementAndGet();
			if (!SandboxFhirServer.this.confirming) {
				response.getEntry().remove(response.getEntry().size() - 1);
			}
			return response;
		}

		/**
		 * References (and a DocumentReference's attachment URLs) to entries of the
		 * transaction, by their full URLs, as the stored resources' local ids.
		 */
		private void localReferences(Resource resource, Map<String, String> stored) {
			for (var reference : SandboxFhirServer.this.fhir.newTerser().getAllResourceReferences(resource)) {
				String target = reference.getResourceReference().getReferenceElement().getValue();
				if (target != null && stored.containsKey(target)) {
					reference.getResourceReference().setReference(stored.get(target));
				}
			}
			if (resource instanceof DocumentReference document) {
				document.getContent()
					.forEach((content) -> content.getAttachment()
						.setUrl(stored.getOrDefault(content.getAttachment().getUrl(),
								content.getAttachment().getUrl())));
			}
		}

		/**
		 * As an MHD Document Recipient does: the DocumentReferences a new one replaces
		 * (relatesTo by identifier) become superseded.
		 */
		private void supersede(DocumentReference document, RequestDetails request) {
			for (DocumentReference.DocumentReferenceRelatesToComponent relation : document.getRelatesTo()) {
				Identifier target = relation.getTarget().getIdentifier();
				String replaced = matching("DocumentReference",
						"identifier=" + target.getSystem() + "|" + target.getValue());
				if (relation.getCode() == DocumentReference.DocumentRelationshipType.REPLACES && replaced != null) {
					DocumentReference earlier = stored(DocumentReference.class).stream()
						.filter((stored) -> stored.getIdElement().getIdPart().equals(replaced))
						.findFirst()
						.orElseThrow();
					earlier.setStatus(Enumerations.DocumentReferenceStatus.SUPERSEDED);
					update(earlier, request);
				}
			}
		}

		/**
		 * The id of a stored resource whose identifier is
		 * {@code identifier=system|value}.
		 */
		private String matching(String type, String ifNoneExist) {
			if (ifNoneExist == null || !ifNoneExist.startsWith("identifier=") || !ifNoneExist.contains("|")) {
				return null;
			}
			String token = ifNoneExist.substring("identifier=".length());
			String system = token.substring(0, token.indexOf('|'));
			String value = token.substring(token.indexOf('|') + 1);
			HashMapResourceProvider<? extends Resource> provider = SandboxFhirServer.this.providers.get(type);
			if (provider == null) {
				return null;
			}
			for (Resource resource : provider.getStoredResources()) {
				Base[] identifiers = resource.getProperty("identifier".hashCode(), "identifier", false);
				for (Base identifier : (identifiers != null) ? identifiers : new Base[0]) {
					Identifier id = (Identifier) identifier;
					if (system.equals(id.getSystem()) && value.equals(id.getValue())) {
						return resource.getIdElement().getIdPart();
					}
				}
			}
			return null;
		}

		@SuppressWarnings("unchecked")
		private <T extends Resource> MethodOutcome update(T resource, RequestDetails request) {
			HashMapResourceProvider<T> provider = (HashMapResourceProvider<T>) SandboxFhirServer.this.providers
				.get(resource.fhirType());
			if (provider == null) {
				throw new InvalidRequestException("The sandbox does not store " + resource.fhirType());
			}
			return provider.update(resource, null, request);
		}

	}

}
