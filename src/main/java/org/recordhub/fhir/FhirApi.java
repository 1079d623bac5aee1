package org.recordhub.fhir;

import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.interceptor.ResponseHighlighterInterceptor;
import org.recordhub.request.RequestNotFoundException;
import org.recordhub.request.RequestService;
import org.recordhub.request.RetrievalRequest;
import org.recordhub.security.Caller;
import org.recordhub.security.Role;

import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * RecordHub's own FHIR R4 API at {@code /fhir} (a HAPI RestfulServer inside the app), for
 * HIM departments that work in FHIR: requests as {@code Task}s, the delivered records as
 * {@code DocumentReference}s and {@code Binary}s, the timeline as {@code AuditEvent}s for
 * admins, ITI-65 Provide Document Bundles taken in as received records, and the generated
 * {@code CapabilityStatement}. Spring Security guards it as it guards the REST API: every
 * call is authenticated, and a requester sees only its own organisation's requests.
 */
@Configuration(proxyBeanMethods = false)
class FhirApi {

	@Bean
	ServletRegistrationBean<RestfulServer> fhirApiServlet(FhirContext fhir, TaskResources tasks,
			DocumentResources documents, AuditEventResources audit, ProvideBundleIntake intake,
			@org.springframework.beans.factory.annotation.Value("${recordhub.version:0.1.0}") String version) {
		RestfulServer server = new RestfulServer(fhir);
		// RecordHub's own name and version, not HAPI's
		server.setServerName("RecordHub");
		server.setServerVersion(version);
		server.setImplementationDescription("RecordHub medical record retrieval: requests, delivered records");
		server.registerInterceptor(new SecurityStatement());
		server.setResourceProviders(List.of(tasks, documents.documentReferences(), documents.binaries(), audit));
		server.registerProvider(intake);
		server.registerInterceptor(new ResponseHighlighterInterceptor());
		ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
		registration.setName("fhir");
		registration.setLoadOnStartup(1);
		return registration;
	}

	/**
	 * The CapabilityStatement says how clients authenticate: every call, {@code metadata}
	 * too, with HTTP Basic (local users) or an OAuth2 bearer token.
	 */
	@ca.uhn.fhir.interceptor.api.Interceptor
	static final class SecurityStatement {

		@ca.uhn.fhir.interceptor.api.Hook(ca.uhn.fhir.interceptor.api.Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
		public void describe(org.hl7.fhir.instance.model.api.IBaseConformance generated) {
			org.hl7.fhir.r4.model.CapabilityStatement statement = (org.hl7.fhir.r4.model.CapabilityStatement) generated;
			for (org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent rest : statement
				.getRest()) {
				rest.getSecurity()
					.setCors(false)
					.setDescription("Every call, metadata included, is authenticated: HTTP Basic with RecordHub's "
							+ "local users, or an OAuth2 bearer token (JWT with organization and roles claims) when an "
							+ "issuer is configured. A requester sees only its own organisation's requests.")
					.addService(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
							"http://terminology.hl7.org/CodeSystem/restful-security-service", "Basic", "Basic")))
					.addService(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
							"http://terminology.hl7.org/CodeSystem/restful-security-service", "OAuth", "OAuth")));
			}
		}

	}

	/** The request, if the caller may see it; as FHIR's 404 otherwise. */
	static RetrievalRequest request(RequestService requests, String id) {
		try {
			return requests.get(id, Caller.current());
		}
		catch (RequestNotFoundException ex) {
			throw new ResourceNotFoundException("No such request: " + id);
		}
	}

	static void requireRole(Role... roles) {
		Caller caller = Caller.current();
		for (Role role : roles) {
			if (caller.roles().contains(role)) {
				return;
			}
		}
		throw new ForbiddenOperationException("Your role does not allow this operation.");
	}

}
