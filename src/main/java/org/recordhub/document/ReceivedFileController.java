package org.recordhub.document;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.recordhub.security.Caller;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/files")
@Tag(name = "Received files (HIM staff work queues)")
@PreAuthorize("hasAnyRole('HIM_STAFF', 'ADMIN')")
class ReceivedFileController {

	private final ReceivedFiles files;

	ReceivedFileController(ReceivedFiles files) {
		this.files = files;
	}

	@GetMapping
	@Operation(summary = "Received files in a status: UNMATCHED (to assign to a leg), QUARANTINED (to fix and "
			+ "retry), HELD (possible misfile: clear or reject), REJECTED, RECEIVED, PROCESSED, DUPLICATE "
			+ "(every page received before), MESSAGE (a provider's note, read into the timeline)")
	List<ReceivedFile> list(@RequestParam(defaultValue = "UNMATCHED") ReceivedFile.Status status) {
		return this.files.inStatus(status);
	}

	@GetMapping("/{id}")
	@Operation(summary = "One received file: where it came from, its status and the reason")
	ReceivedFile get(@PathVariable String id) {
		return this.files.get(id);
	}

	@GetMapping("/{id}/content")
	@Operation(summary = "The file as the provider sent it (the viewing is recorded)")
	ResponseEntity<byte[]> content(@PathVariable String id) {
		ReceivedFile file = this.files.get(id);
		byte[] content = this.files.content(id, Caller.current().username());
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(FileFormat.of(content).mediaType()))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					"inline; filename=\"" + file.id() + FileFormat.of(content).extension() + "\"")
			.body(content);
	}

	@PostMapping("/{id}/assign")
	@Operation(summary = "Assign an UNMATCHED file to the leg it belongs to; it is then read for that leg")
	ReceivedFile assign(@PathVariable String id, @Valid @RequestBody Assignment assignment) {
		return this.files.assign(id, assignment.legId(), Caller.current().username());
	}

	@PostMapping("/{id}/retry")
	@Operation(summary = "Read a QUARANTINED file again once its cause is fixed")
	ReceivedFile retry(@PathVariable String id) {
		return this.files.retry(id, Caller.current().username());
	}

	@PostMapping("/{id}/clear")
	@Operation(summary = "A HELD possible misfile is this patient's record after all: read it again and deliver it")
	ReceivedFile clear(@PathVariable String id) {
		return this.files.clear(id, Caller.current().username());
	}

	@PostMapping("/{id}/reject")
	@Operation(summary = "A HELD possible misfile is another patient's record: keep it, never deliver it")
	ReceivedFile reject(@PathVariable String id) {
		return this.files.reject(id, Caller.current().username());
	}

	record Assignment(@NotBlank String legId) {
	}

}
