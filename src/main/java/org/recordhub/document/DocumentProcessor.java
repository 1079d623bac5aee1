package org.recordhub.document;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.recordhub.request.LegState;
import org.recordhub.request.Legs;
import org.recordhub.request.Legs.Transition;
import org.recordhub.request.ProviderLeg;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The process stage: reads a received file (PDF text layer and page count with PDFBox). A
 * file that cannot be read is quarantined with the reason; the leg keeps its state and
 * waits for usable records.
 */
@Component
public class DocumentProcessor {

	private final ReceivedFileRepository files;

	private final DocumentStore store;

	private final Legs legs;

	DocumentProcessor(ReceivedFileRepository files, DocumentStore store, Legs legs) {
		this.files = files;
		this.store = store;
		this.legs = legs;
	}

	/**
	 * Processes the file once.
	 * @return the leg id when the leg is ready to deliver, otherwise {@code null}
	 */
	@Transactional
	public String process(String fileId) {
		ReceivedFile file = this.files.lock(fileId).orElseThrow();
		if (file.legId() == null) {
			return null;
		}
		ProviderLeg leg = this.legs.find(file.legId()).orElseThrow();
		if (file.status() == ReceivedFile.Status.PROCESSED) {
			return (leg.state() == LegState.COMPLETE) ? leg.id() : null;
		}
		if (file.status() != ReceivedFile.Status.RECEIVED) {
			return null;
		}
		try {
			Pdf pdf = read(this.store.get(file.sha256()));
			String textSha256 = this.store.put(pdf.text().getBytes(StandardCharsets.UTF_8));
			this.files.processed(fileId, "application/pdf", pdf.pages(), pdf.text().length(), textSha256);
			this.legs.advance(leg.id(), LegState.leadingTo(LegState.RECORDS_RECEIVED),
					Transition
						.to(LegState.RECORDS_RECEIVED,
								"Records received, " + file.fileName() + ": " + pdf.pages() + " page(s), "
										+ pdf.text().length() + " characters of text")
						.on(file.channel()));
		}
		catch (UnreadableFileException ex) {
			this.files.setStatus(fileId, ReceivedFile.Status.QUARANTINED, ex.getMessage());
			this.legs.record(leg, "FILE_QUARANTINED", file.fileName() + ": " + ex.getMessage(), file.channel());
		}
		return completeWhenAllRead(leg.id(), file);
	}

	/**
	 * Files that arrived together are read together: the leg is complete, and delivered
	 * once, when none of its files is left to read and at least one was readable.
	 */
	private String completeWhenAllRead(String legId, ReceivedFile file) {
		List<ReceivedFile> all = this.files.forLeg(legId);
		long unread = all.stream().filter((f) -> f.status() == ReceivedFile.Status.RECEIVED).count();
		long readable = all.stream().filter((f) -> f.status() == ReceivedFile.Status.PROCESSED).count();
		if (unread > 0) {
			boolean read = all.stream()
				.anyMatch((f) -> f.id().equals(file.id()) && f.status() == ReceivedFile.Status.PROCESSED);
			if (read) {
				this.legs.record(this.legs.find(legId).orElseThrow(), "FILE_READ",
						file.fileName() + " read; " + unread + " more file(s) of this leg to read", file.channel());
			}
			return null;
		}
		if (readable == 0) {
			return null;
		}
		this.legs.advance(legId, Set.of(LegState.RECORDS_RECEIVED),
				Transition.to(LegState.PROCESSING, "Reading " + readable + " file(s)"));
		this.legs.advance(legId, Set.of(LegState.PROCESSING),
				Transition.to(LegState.COMPLETE, readable + " file(s) read and ready to deliver"));
		return (this.legs.find(legId).orElseThrow().state() == LegState.COMPLETE) ? legId : null;
	}

	static Pdf read(byte[] content) {
		if (!isPdf(content)) {
			throw new UnreadableFileException("Not a PDF file; only PDF records are read so far");
		}
		try (PDDocument document = Loader.loadPDF(content)) {
			return new Pdf(document.getNumberOfPages(), new PDFTextStripper().getText(document));
		}
		catch (IOException ex) {
			throw new UnreadableFileException("Corrupt PDF: " + ex.getMessage());
		}
	}

	/** Whether the bytes start like a PDF file ({@code %PDF-}). */
	public static boolean isPdf(byte[] content) {
		return content.length >= 5 && new String(content, 0, 5, StandardCharsets.US_ASCII).equals("%PDF-");
	}

	record Pdf(int pages, String text) {
	}

	static class UnreadableFileException extends RuntimeException {

		UnreadableFileException(String message) {
			super(message);
		}

	}

}
