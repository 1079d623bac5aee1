package org.recordhub.fhir;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.recordhub.security.Caller;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The single-use download links of deliveries. */
@RestController
@RequestMapping("/api/v1/downloads")
@Tag(name = "Downloads")
class DownloadController {

	private final DownloadLinks links;

	DownloadController(DownloadLinks links) {
		this.links = links;
	}

	@GetMapping("/{token}")
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
