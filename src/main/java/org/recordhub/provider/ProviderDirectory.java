package org.recordhub.provider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.recordhub.system.Queues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The directory of providers and requesters, kept in the database. At start-up the FHIR
 * Bundles of {@code Organization} and {@code Endpoint} resources in
 * {@code directory/*.json} are loaded into it (addresses may use {@code ${property}}
 * placeholders, resolved from configuration); the API edits it and imports FHIR Bundles
 * and the NPPES file.
 */
@Component
public class ProviderDirectory {

	/** The channels RecordHub has route templates for. */
	public static final Set<String> CHANNELS = Set.of("fax", "sftp", "email", "fhir", "portal");

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,63}");

	private static final Logger logger = LoggerFactory.getLogger(ProviderDirectory.class);

	private final ProviderRepository repository;

	private final TransactionTemplate transaction;

	private final Clock clock;

	ProviderDirectory(ProviderRepository repository, TransactionTemplate transaction, Clock clock, FhirContext fhir,
			Environment environment, @Value("${recordhub.directory.locations}") String[] locations) throws IOException {
		this.repository = repository;
		this.transaction = transaction;
		this.clock = clock;
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
		int loaded = 0;
		for (String location : locations) {
			for (org.springframework.core.io.Resource file : resolver.getResources(location)) {
				String text = environment.resolveRequiredPlaceholders(file.getContentAsString(StandardCharsets.UTF_8));
				loaded += save(OrganizationBundles.read(fhir.newJsonParser().parseResource(Bundle.class, text)), "FILE")
					.size();
			}
		}
		logger.info("Provider directory: {} organisations loaded from {}", loaded, String.join(", ", locations));
	}

	public Optional<Provider> find(String id) {
		return this.repository.find(id);
	}

	/** The organisation's name, or its id when the directory no longer has it. */
	public String name(String id) {
		return find(id).map(Provider::name).orElse(id);
	}

	public Page search(String text, String state, Provider.Role role, String channel, int page, int size) {
		ProviderRepository.Search search = new ProviderRepository.Search(text, state, role, channel);
		return new Page(this.repository.search(search, page, size), page, size, this.repository.count(search));
	}

	/** Adds an organisation; its id must be new. */
	public Provider create(Provider provider) {
		validate(provider);
		return this.transaction.execute((status) -> {
			if (this.repository.find(provider.id()).isPresent()) {
				throw new DirectoryConflictException("PROVIDER_EXISTS",
						"An organisation with id '" + provider.id() + "' is already in the directory.");
			}
			store(provider, "API");
			return provider;
		});
	}

	/** Replaces an organisation's entry; legs under way use the new entry from now on. */
	public Provider replace(String id, Provider provider) {
		if (!id.equals(provider.id())) {
			throw new InvalidDirectoryEntryException("The body's id '" + provider.id() + "' is not '" + id + "'.");
		}
		validate(provider);
		return this.transaction.execute((status) -> {
			if (this.repository.find(id).isEmpty()) {
				throw new ProviderNotFoundException(id);
			}
			store(provider, "API");
			return provider;
		});
	}

	/**
	 * Removes an organisation no leg has ever named; one with history is deactivated
	 * instead (set {@code active} to false), so its timelines keep their meaning.
	 */
	public void delete(String id) {
		this.transaction.executeWithoutResult((status) -> {
			if (this.repository.find(id).isEmpty()) {
				throw new ProviderNotFoundException(id);
			}
			if (this.repository.legsOf(id) > 0) {
				throw new DirectoryConflictException("PROVIDER_IN_USE", "Organisation '" + id
						+ "' has legs; deactivate it instead (\"active\": false) so its history stays readable.");
			}
			this.repository.delete(id);
		});
	}

	/** Creates or replaces every organisation of a FHIR Bundle, all or none. */
	public List<Provider> importBundle(Bundle bundle) {
		return save(OrganizationBundles.read(bundle), "API");
	}

	private List<Provider> save(List<Provider> providers, String source) {
		providers.forEach(this::validate);
		Set<String> ids = new HashSet<>();
		for (Provider provider : providers) {
			if (!ids.add(provider.id())) {
				throw new InvalidDirectoryEntryException("Organization " + provider.id() + " appears twice.");
			}
		}
		this.transaction.executeWithoutResult((status) -> providers.forEach((provider) -> store(provider, source)));
		return providers;
	}

	/** Saves the entry unless another organisation holds its NPI. */
	private void store(Provider provider, String source) {
		if (provider.npi() != null) {
			this.repository.idOfNpi(provider.npi())
				.filter((holder) -> !holder.equals(provider.id()))
				.ifPresent((holder) -> {
					throw new DirectoryConflictException("NPI_IN_USE",
							"NPI " + provider.npi() + " belongs to organisation '" + holder + "'.");
				});
		}
		this.repository.save(provider, source, this.clock.instant());
	}

	private void validate(Provider provider) {
		if (provider.id() == null || !ID.matcher(provider.id()).matches()) {
			throw new InvalidDirectoryEntryException("An organisation id is 1 to 64 letters, digits, '.' or '-', "
					+ "starting with a letter or digit; got '" + provider.id() + "'.");
		}
		if (Queues.SHARED.equals(provider.id())) {
			throw new InvalidDirectoryEntryException("'" + Queues.SHARED + "' is reserved for shared routes.");
		}
		if (provider.name() == null || provider.name().isBlank()) {
			throw new InvalidDirectoryEntryException("Organisation " + provider.id() + " has no name.");
		}
		if (provider.npi() != null && !Npi.isValid(provider.npi())) {
			throw new InvalidDirectoryEntryException("'" + provider.npi() + "' of organisation " + provider.id()
					+ " is not a valid NPI (10 digits with a Luhn check digit).");
		}
		Set<String> channels = new HashSet<>();
		for (Provider.Endpoint endpoint : provider.endpoints()) {
			if (!CHANNELS.contains(endpoint.channel())) {
				throw new InvalidDirectoryEntryException(
						"Organisation " + provider.id() + " has an endpoint on '" + endpoint.channel()
								+ "'; channels are " + String.join(", ", CHANNELS.stream().sorted().toList()) + ".");
			}
			if (!channels.add(endpoint.channel())) {
				throw new InvalidDirectoryEntryException(
						"Organisation " + provider.id() + " has two " + endpoint.channel() + " endpoints.");
			}
			if (endpoint.address() == null || endpoint.address().isBlank()) {
				throw new InvalidDirectoryEntryException("The " + endpoint.channel() + " endpoint of organisation "
						+ provider.id() + " has no address.");
			}
		}
		String preferred = provider.terms().preferredChannel();
		if (preferred != null && !CHANNELS.contains(preferred)) {
			throw new InvalidDirectoryEntryException(
					"Organisation " + provider.id() + " prefers the unknown channel '" + preferred + "'.");
		}
	}

	/** A page of a directory search, by name. */
	public record Page(List<Provider> items, int page, int size, long totalItems) {
	}

}
