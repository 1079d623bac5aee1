package org.recordhub.provider;

import java.util.Collection;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.recordhub.request.InvalidRequestException;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/providers")
@Tag(name = "Provider directory")
@PreAuthorize("hasAnyRole('ADMIN', 'HIM_STAFF')")
class ProviderController {

	private final ProviderDirectory directory;

	ProviderController(ProviderDirectory directory) {
		this.directory = directory;
	}

	@GetMapping
	@Operation(summary = "Every organisation in the directory: providers and requesters, with their endpoints")
	Collection<Provider> list() {
		return this.directory.all();
	}

	@GetMapping("/{id}")
	@Operation(summary = "One organisation of the directory")
	Provider get(@PathVariable String id) {
		return this.directory.find(id)
			.orElseThrow(() -> new InvalidRequestException("UNKNOWN_PROVIDER", "No organisation '" + id + "'."));
	}

}
