package org.recordhub.provider;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hl7.fhir.r4.model.Bundle;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/providers")
@Tag(name = "Provider directory")
@PreAuthorize("hasAnyRole('ADMIN', 'HIM_STAFF')")
class ProviderController {

	static final String FHIR_JSON = "application/fhir+json";

	private final ProviderDirectory directory;

	private final NppesImport nppes;

	private final FhirContext fhir;

	ProviderController(ProviderDirectory directory, NppesImport nppes, FhirContext fhir) {
		this.directory = directory;
		this.nppes = nppes;
		this.fhir = fhir;
	}

	@GetMapping
	@Operation(summary = "Search the directory by name or NPI (q), state, role and channel, by name")
	ProviderDirectory.Page search(@RequestParam(required = false) String q,
			@RequestParam(required = false) String state, @RequestParam(required = false) Provider.Role role,
			@RequestParam(required = false) String channel, @RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
		return this.directory.search(q, state, role, channel, page, size);
	}

	@GetMapping("/{id}")
	@Operation(summary = "One organisation of the directory; as a FHIR Bundle of its Organization and Endpoints "
			+ "when the Accept header asks for application/fhir+json")
	ResponseEntity<?> get(@PathVariable String id,
			@RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
		Provider provider = this.directory.find(id).orElseThrow(() -> new ProviderNotFoundException(id));
		if (accept != null && accept.contains(FHIR_JSON)) {
			return ResponseEntity.ok()
				.contentType(MediaType.parseMediaType(FHIR_JSON))
				.body(this.fhir.newJsonParser()
					.setPrettyPrint(true)
					.encodeResourceToString(OrganizationBundles.write(provider)));
		}
		return ResponseEntity.ok(provider);
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Add an organisation (its id must be new)")
	ResponseEntity<Provider> create(@RequestBody Provider provider) {
		Provider created = this.directory.create(provider);
		return ResponseEntity.created(URI.create("/api/v1/providers/" + created.id())).body(created);
	}

	@PostMapping(consumes = FHIR_JSON)
	@Operation(summary = "Import a FHIR Bundle of Organization + Endpoint resources: each organisation is created "
			+ "or replaced, all or none")
	Imported importBundle(@RequestBody byte[] body) {
		Bundle bundle;
		try {
			bundle = this.fhir.newJsonParser().parseResource(Bundle.class, new String(body, StandardCharsets.UTF_8));
		}
		catch (DataFormatException ex) {
			throw new InvalidDirectoryEntryException("Not a FHIR Bundle: " + ex.getMessage());
		}
		return new Imported(this.directory.importBundle(bundle).stream().map(Provider::id).toList());
	}

	@PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Replace an organisation's entry")
	Provider replace(@PathVariable String id, @RequestBody Provider provider) {
		return this.directory.replace(id, provider);
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Remove an organisation no leg has named (deactivate the others)")
	ResponseEntity<Void> delete(@PathVariable String id) {
		this.directory.delete(id);
		return ResponseEntity.noContent().build();
	}

	@PostMapping(path = "/nppes",
			consumes = { "text/csv", "application/zip", MediaType.APPLICATION_OCTET_STREAM_VALUE })
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Import the CMS NPPES data file (npidata_pfile_*.csv, or the monthly ZIP), streamed; "
			+ "organisations are created or updated by NPI, with a fax endpoint from the published fax number")
	NppesImport.Result importNppes(HttpServletRequest request) throws IOException {
		try (InputStream body = request.getInputStream()) {
			return this.nppes.run(body);
		}
	}

	record Imported(List<String> ids) {
	}

}
