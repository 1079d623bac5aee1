package org.recordhub.provider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The directory of providers and requesters, read at start-up from FHIR Bundles of
 * {@code Organization} and {@code Endpoint} resources ({@code directory/*.json}).
 * Addresses may use {@code ${property}} placeholders, resolved from configuration.
 */
@Component
public class ProviderDirectory {

	/**
	 * Organization.type system that says whether an organisation provides or requests
	 * records.
	 */
	public static final String ROLE_SYSTEM = "https://recordhub.org/fhir/CodeSystem/organization-role";

	/**
	 * Endpoint.connectionType system for channels FHIR has no code for (sftp, fax, email,
	 * portal).
	 */
	public static final String CHANNEL_SYSTEM = "https://recordhub.org/fhir/CodeSystem/channel";

	/**
	 * Organization extension: the provider refuses authorizations signed more than this
	 * many days ago.
	 */
	public static final String MAX_AUTHORIZATION_AGE = "https://recordhub.org/fhir/StructureDefinition/max-authorization-age-days";

	/**
	 * Organization extension: the channel the provider asks requesters to use
	 * (valueCode).
	 */
	public static final String PREFERRED_CHANNEL = "https://recordhub.org/fhir/StructureDefinition/preferred-channel";

	private static final Logger logger = LoggerFactory.getLogger(ProviderDirectory.class);

	private final Map<String, Provider> organizations = new LinkedHashMap<>();

	ProviderDirectory(FhirContext fhir, Environment environment,
			@Value("${recordhub.directory.locations}") String[] locations) throws IOException {
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
		for (String location : locations) {
			for (org.springframework.core.io.Resource file : resolver.getResources(location)) {
				String text = environment.resolveRequiredPlaceholders(file.getContentAsString(StandardCharsets.UTF_8));
				load(fhir.newJsonParser().parseResource(Bundle.class, text));
			}
		}
		logger.info("Provider directory: {} organisations from {}", this.organizations.size(),
				String.join(", ", locations));
	}

	public Optional<Provider> find(String id) {
		return Optional.ofNullable(this.organizations.get(id));
	}

	public Collection<Provider> all() {
		return this.organizations.values();
	}

	private void load(Bundle bundle) {
		Map<String, Endpoint> endpoints = new LinkedHashMap<>();
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			if (entry.getResource() instanceof Endpoint endpoint) {
				endpoints.put("Endpoint/" + endpoint.getIdElement().getIdPart(), endpoint);
			}
		}
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			Resource resource = entry.getResource();
			if (resource instanceof Organization organization) {
				String id = organization.getIdElement().getIdPart();
				List<Provider.Endpoint> reachable = new ArrayList<>();
				for (Reference reference : organization.getEndpoint()) {
					Endpoint endpoint = endpoints.get(reference.getReference());
					if (endpoint == null) {
						throw new IllegalStateException(
								"Organization " + id + " names " + reference.getReference() + ", not in its bundle");
					}
					reachable.add(new Provider.Endpoint(channel(endpoint.getConnectionType()), endpoint.getAddress()));
				}
				Extension maxAge = organization.getExtensionByUrl(MAX_AUTHORIZATION_AGE);
				Extension preferred = organization.getExtensionByUrl(PREFERRED_CHANNEL);
				this.organizations.put(id,
						new Provider(id, organization.getName(), role(organization), reachable,
								organization.hasAddress() ? organization.getAddressFirstRep().getState() : null,
								(maxAge != null) ? ((IntegerType) maxAge.getValue()).getValue() : null,
								(preferred != null) ? preferred.getValue().primitiveValue() : null));
			}
		}
	}

	private static Provider.Role role(Organization organization) {
		return organization.getType()
			.stream()
			.flatMap((type) -> type.getCoding().stream())
			.filter((coding) -> ROLE_SYSTEM.equals(coding.getSystem()))
			.map((coding) -> Provider.Role.valueOf(coding.getCode().toUpperCase()))
			.findFirst()
			.orElse(Provider.Role.PROVIDER);
	}

	private static String channel(Coding connectionType) {
		if ("hl7-fhir-rest".equals(connectionType.getCode())) {
			return "fhir";
		}
		if (CHANNEL_SYSTEM.equals(connectionType.getSystem())) {
			return connectionType.getCode();
		}
		throw new IllegalStateException(
				"Unknown endpoint connection type " + connectionType.getSystem() + "|" + connectionType.getCode());
	}

}
