package org.recordhub.fhir;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.recordhub.security.Caller;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The single-use download links of deliveries: for the requester organisation's users and
 * HIM staff only, as the link is used up by whoever opens it.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Downloads")
@PreAuthorize("hasAnyRole('REQUESTER', 'HIM_STAFF')")
class DownloadController {

	private final DownloadLinks links;

	DownloadController(DownloadLinks links) {
		this.links = links;
	}

	@PostMapping("/requests/{requestId}/legs/{legId}/download-link")
	@Operation(summary = "A new single-use link to the leg's delivery, for the caller: only its SHA-256 is kept, "
			+ "so this answer is the one place the link appears; the leg's unused links end")
	ResponseEntity<DownloadLinks.Created> renew(@PathVariable String requestId, @PathVariable String legId) {
		return ResponseEntity.status(HttpStatus.CREATED)
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(this.links.renew(requestId, legId, Caller.current()));
	}

	@GetMapping("/downloads/{token}")
	@Operation(summary = "A delivery as a ZIP (the FHIR bundle and the PDFs), once, before the link expires")
	ResponseEntity<byte[]> download(@PathVariable String token) {
		byte[] zip = this.links.download(token, Caller.current());
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType("application/zip"))
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"recordhub-records.zip\"")
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(zip);
	}

}
