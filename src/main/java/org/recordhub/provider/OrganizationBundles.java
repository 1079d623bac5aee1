package org.recordhub.provider;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * The directory as FHIR: an organisation is an {@code Organization} (NPI identifier,
 * address, phone and fax, role and NUCC taxonomy as types, RecordHub's terms as
 * extensions) with one {@code Endpoint} per channel.
 */
public final class OrganizationBundles {

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

	static final String FHIR_CONNECTION_SYSTEM = "http://terminology.hl7.org/CodeSystem/endpoint-connection-type";

	static final String NPI_SYSTEM = "http://hl7.org/fhir/sid/us-npi";

	static final String TAXONOMY_SYSTEM = "http://nucc.org/provider-taxonomy";

	private static final String EXTENSION = "https://recordhub.org/fhir/StructureDefinition/";

	/** The provider refuses authorizations signed more than this many days ago. */
	public static final String MAX_AUTHORIZATION_AGE = EXTENSION + "max-authorization-age-days";

	/** The channel the provider asks requesters to use (valueCode). */
	public static final String PREFERRED_CHANNEL = EXTENSION + "preferred-channel";

	/** An authorization form the provider accepts (valueString, repeating). */
	public static final String ACCEPTED_FORM = EXTENSION + "accepted-authorization-form";

	/** Copy fees: sub-extensions base-fee and per-page-fee (valueMoney). */
	public static final String FEE_SCHEDULE = EXTENSION + "fee-schedule";

	/** Days the provider itself promises to answer in (valueInteger). */
	public static final String TYPICAL_TURNAROUND = EXTENSION + "typical-turnaround-days";

	/** When the release-of-information desk works (valueString). */
	public static final String BUSINESS_HOURS = EXTENSION + "business-hours";

	/** A requester's pre-approved copy fee limit (valueMoney). */
	public static final String FEE_PRE_APPROVAL_LIMIT = EXTENSION + "fee-pre-approval-limit";

	private OrganizationBundles() {
	}

	/** Every organisation of a Bundle, with the Endpoints it references. */
	public static List<Provider> read(Bundle bundle) {
		Map<String, Endpoint> endpoints = new LinkedHashMap<>();
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			if (entry.getResource() instanceof Endpoint endpoint) {
				endpoints.put("Endpoint/" + endpoint.getIdElement().getIdPart(), endpoint);
			}
		}
		List<Provider> providers = new ArrayList<>();
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			Resource resource = entry.getResource();
			if (resource instanceof Organization organization) {
				providers.add(read(organization, endpoints));
			}
		}
		return providers;
	}

	/** One organisation as a Bundle of its Organization and Endpoints. */
	public static Bundle write(Provider provider) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
		Organization organization = new Organization();
		organization.setId(provider.id());
		organization.setActive(provider.active());
		organization.setName(provider.name());
		if (provider.npi() != null) {
			organization.addIdentifier().setSystem(NPI_SYSTEM).setValue(provider.npi());
		}
		organization.addType().addCoding(new Coding(ROLE_SYSTEM, provider.role().name().toLowerCase(), null));
		if (provider.taxonomy() != null) {
			organization.addType().addCoding(new Coding(TAXONOMY_SYSTEM, provider.taxonomy(), null));
		}
		Provider.Address address = provider.address();
		if (!address.equals(Provider.Address.NONE)) {
			organization.addAddress()
				.setCity(address.city())
				.setState(address.state())
				.setPostalCode(address.postalCode())
				.addLine(address.line());
		}
		if (provider.phone() != null) {
			organization.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(provider.phone());
		}
		if (provider.fax() != null) {
			organization.addTelecom().setSystem(ContactPoint.ContactPointSystem.FAX).setValue(provider.fax());
		}
		writeTerms(provider.terms(), organization);
		bundle.addEntry().setResource(organization);
		for (Provider.Endpoint endpoint : provider.endpoints()) {
			Endpoint resource = new Endpoint();
			resource.setId(provider.id() + "-" + endpoint.channel());
			resource.setStatus(Endpoint.EndpointStatus.ACTIVE);
			resource.setConnectionType(connectionType(endpoint.channel()));
			resource.addPayloadType().setText("Request packet; records");
			resource.setAddress(endpoint.address());
			organization.addEndpoint(new Reference("Endpoint/" + resource.getId()));
			bundle.addEntry().setResource(resource);
		}
		return bundle;
	}

	private static Provider read(Organization organization, Map<String, Endpoint> endpoints) {
		String id = organization.getIdElement().getIdPart();
		List<Provider.Endpoint> reachable = new ArrayList<>();
		for (Reference reference : organization.getEndpoint()) {
			Endpoint endpoint = endpoints.get(reference.getReference());
			if (endpoint == null) {
				throw new InvalidDirectoryEntryException(
						"Organization " + id + " names " + reference.getReference() + ", which is not in the bundle.");
			}
			reachable.add(new Provider.Endpoint(channel(endpoint.getConnectionType()), endpoint.getAddress()));
		}
		String npi = organization.getIdentifier()
			.stream()
			.filter((identifier) -> NPI_SYSTEM.equals(identifier.getSystem()))
			.map((identifier) -> identifier.getValue())
			.findFirst()
			.orElse(null);
		Provider.Address address = Provider.Address.NONE;
		if (organization.hasAddress()) {
			org.hl7.fhir.r4.model.Address first = organization.getAddressFirstRep();
			address = new Provider.Address(first.hasLine() ? first.getLine().get(0).getValue() : null, first.getCity(),
					first.getState(), first.getPostalCode());
		}
		return new Provider(id, npi, organization.getName(), role(organization),
				!organization.hasActive() || organization.getActive(), address,
				telecom(organization, ContactPoint.ContactPointSystem.PHONE),
				telecom(organization, ContactPoint.ContactPointSystem.FAX), code(organization, TAXONOMY_SYSTEM),
				reachable, readTerms(organization));
	}

	private static Provider.Terms readTerms(Organization organization) {
		Extension fees = organization.getExtensionByUrl(FEE_SCHEDULE);
		Provider.FeeSchedule feeSchedule = null;
		if (fees != null) {
			Money base = money(fees.getExtensionByUrl("base-fee"));
			Money perPage = money(fees.getExtensionByUrl("per-page-fee"));
			String currency = (base != null) ? base.getCurrency() : (perPage != null) ? perPage.getCurrency() : null;
			feeSchedule = new Provider.FeeSchedule((base != null) ? base.getValue() : null,
					(perPage != null) ? perPage.getValue() : null, currency);
		}
		return new Provider.Terms(primitive(organization, PREFERRED_CHANNEL),
				integer(organization, MAX_AUTHORIZATION_AGE),
				organization.getExtensionsByUrl(ACCEPTED_FORM)
					.stream()
					.map((extension) -> extension.getValue().primitiveValue())
					.toList(),
				feeSchedule, integer(organization, TYPICAL_TURNAROUND), primitive(organization, BUSINESS_HOURS),
				Optional.ofNullable(money(organization.getExtensionByUrl(FEE_PRE_APPROVAL_LIMIT)))
					.map(Money::getValue)
					.orElse(null));
	}

	private static void writeTerms(Provider.Terms terms, Organization organization) {
		if (terms.preferredChannel() != null) {
			organization.addExtension(PREFERRED_CHANNEL, new CodeType(terms.preferredChannel()));
		}
		if (terms.maxAuthorizationAgeDays() != null) {
			organization.addExtension(MAX_AUTHORIZATION_AGE, new IntegerType(terms.maxAuthorizationAgeDays()));
		}
		for (String form : terms.acceptedAuthorizationForms()) {
			organization.addExtension(ACCEPTED_FORM, new StringType(form));
		}
		Provider.FeeSchedule fees = terms.feeSchedule();
		if (fees != null) {
			Extension extension = organization.addExtension().setUrl(FEE_SCHEDULE);
			addMoney(extension, "base-fee", fees.baseFee(), fees.currency());
			addMoney(extension, "per-page-fee", fees.perPageFee(), fees.currency());
		}
		if (terms.typicalTurnaroundDays() != null) {
			organization.addExtension(TYPICAL_TURNAROUND, new IntegerType(terms.typicalTurnaroundDays()));
		}
		if (terms.businessHours() != null) {
			organization.addExtension(BUSINESS_HOURS, new StringType(terms.businessHours()));
		}
		if (terms.preApprovedFeeLimit() != null) {
			organization.addExtension(FEE_PRE_APPROVAL_LIMIT,
					new Money().setValue(terms.preApprovedFeeLimit()).setCurrency("USD"));
		}
	}

	private static void addMoney(Extension extension, String url, BigDecimal amount, String currency) {
		if (amount != null) {
			extension.addExtension(url,
					new Money().setValue(amount).setCurrency((currency != null) ? currency : "USD"));
		}
	}

	private static Money money(Extension extension) {
		return (extension != null && extension.getValue() instanceof Money money) ? money : null;
	}

	private static String primitive(Organization organization, String url) {
		Extension extension = organization.getExtensionByUrl(url);
		return (extension != null && extension.hasValue()) ? extension.getValue().primitiveValue() : null;
	}

	private static Integer integer(Organization organization, String url) {
		Extension extension = organization.getExtensionByUrl(url);
		if (extension == null) {
			return null;
		}
		Type value = extension.getValue();
		if (!(value instanceof IntegerType integer)) {
			throw new InvalidDirectoryEntryException("Extension " + url + " of Organization "
					+ organization.getIdElement().getIdPart() + " must have a valueInteger.");
		}
		return integer.getValue();
	}

	private static String telecom(Organization organization, ContactPoint.ContactPointSystem system) {
		return organization.getTelecom()
			.stream()
			.filter((contact) -> contact.getSystem() == system)
			.map(ContactPoint::getValue)
			.findFirst()
			.orElse(null);
	}

	private static String code(Organization organization, String system) {
		return organization.getType()
			.stream()
			.flatMap((type) -> type.getCoding().stream())
			.filter((coding) -> system.equals(coding.getSystem()))
			.map(Coding::getCode)
			.findFirst()
			.orElse(null);
	}

	private static Provider.Role role(Organization organization) {
		String role = code(organization, ROLE_SYSTEM);
		if (role == null) {
			return Provider.Role.PROVIDER;
		}
		try {
			return Provider.Role.valueOf(role.toUpperCase());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidDirectoryEntryException("Organization " + organization.getIdElement().getIdPart()
					+ " has role '" + role + "'; expected provider or requester.");
		}
	}

	private static String channel(Coding connectionType) {
		if (FHIR_CONNECTION_SYSTEM.equals(connectionType.getSystem())
				&& "hl7-fhir-rest".equals(connectionType.getCode())) {
			return "fhir";
		}
		if (CHANNEL_SYSTEM.equals(connectionType.getSystem())) {
			return connectionType.getCode();
		}
		throw new InvalidDirectoryEntryException("Unknown endpoint connection type " + connectionType.getSystem() + "|"
				+ connectionType.getCode() + ".");
	}

	private static Coding connectionType(String channel) {
		return "fhir".equals(channel) ? new Coding(FHIR_CONNECTION_SYSTEM, "hl7-fhir-rest", null)
				: new Coding(CHANNEL_SYSTEM, channel, null);
	}

}
