package org.recordhub.document;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.recordhub.channel.ProviderMessages;
import org.recordhub.request.LegState;
import org.recordhub.request.Legs;
import org.recordhub.request.Legs.Transition;
import org.recordhub.request.ProviderLeg;
import org.recordhub.request.RequestDetails;
import org.recordhub.request.RequestService;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The process stage: reads a received file (PDF, TIFF, PNG, JPEG) into a searchable PDF,
 * page by page, with OCR where a page has no usable text ({@link RecordReader}); the
 * pages' text, with OCR word boxes and confidence, is stored encrypted beside it. A file
 * that cannot be read is quarantined with the reason; the leg keeps its state and waits
 * for usable records.
 */
@Component
public class DocumentProcessor {

	private final ReceivedFileRepository files;

	private final DocumentStore store;

	private final Legs legs;

	private final RecordReader reader;

	private final JsonMapper json;

	private final RequestService requests;

	private final DocumentTypes types;

	private final RecordDocumentRepository documents;

	private final TransactionTemplate transaction;

	/**
	 * A file whose reading was started this often and never finished is quarantined
	 * instead of read again.
	 */
	static final int MAX_READ_ATTEMPTS = 2;

	/** A provider's note is at most this long (a cover note, not a record). */
	private static final int NOTE_LENGTH = 1500;

	private final ProviderMessages messages;

	DocumentProcessor(ReceivedFileRepository files, DocumentStore store, Legs legs, RecordReader reader,
			JsonMapper json, RequestService requests, DocumentTypes types, RecordDocumentRepository documents,
			TransactionTemplate transaction, ProviderMessages messages) {
		this.transaction = transaction;
		this.messages = messages;
		this.files = files;
		this.store = store;
		this.legs = legs;
		this.reader = reader;
		this.json = json;
		this.requests = requests;
		this.types = types;
		this.documents = documents;
	}

	/**
	 * Processes the file once.
	 * @return the leg id when the leg is ready to deliver, otherwise {@code null}
	 */
	public String process(String fileId) {
		ReceivedFile file = this.files.find(fileId).orElseThrow();
		if (file.legId() == null) {
			return null;
		}
		if (file.status() != ReceivedFile.Status.RECEIVED) {
			return alreadyDone(file);
		}
		// counted before reading, committed at once: a file whose reading was started
		// and never finished (RecordHub died reading it) is not read for ever
		int attempts = this.files.startReading(fileId);
		// read outside any transaction: a long scan takes minutes, and no row stays
		// locked
		RecordReader.Read read = null;
		String unreadable = null;
		if (attempts > MAX_READ_ATTEMPTS) {
			unreadable = "Reading it was started " + MAX_READ_ATTEMPTS + " times and never finished (RecordHub "
					+ "stopped while reading it); it is not read again until staff retry it";
		}
		else {
			try {
				read = this.reader.read(this.store.get(file.sha256()), pagesReadBefore(file));
			}
			catch (UnreadableFileException ex) {
				unreadable = ex.getMessage();
			}
			// reading finished, either way: only a read that never ends counts against it
			// (a retry after a failed commit reads it again freely)
			this.files.resetReadAttempts(fileId);
		}
		RecordReader.Read result = read;
		String reason = unreadable;
		return this.transaction.execute((status) -> record(fileId, result, reason));
	}

	/** Records what reading found, once: a redelivered message finds the file done. */
	private String record(String fileId, RecordReader.Read read, String unreadable) {
		// the leg first: the leg's files are read on several consumers at once, and the
		// one recorded last must see the others done to complete the leg
		ProviderLeg leg = this.legs.lock(this.files.find(fileId).orElseThrow().legId());
		ReceivedFile file = this.files.lock(fileId).orElseThrow();
		if (file.status() != ReceivedFile.Status.RECEIVED) {
			return alreadyDone(file);
		}
		if (read == null) {
			this.files.setStatus(fileId, ReceivedFile.Status.QUARANTINED, unreadable);
			this.legs.record(leg, "FILE_QUARANTINED", file.fileName() + ": " + unreadable, file.channel());
			return completeWhenAllRead(leg.id(), file);
		}
		if (read.searchablePdf() == null) {
			String reason = "Every page (" + read.duplicates() + ") repeats records already received for this leg";
			this.files.setStatus(fileId, ReceivedFile.Status.DUPLICATE, reason);
			this.legs.record(leg, "FILE_DUPLICATE", file.fileName() + ": " + reason + "; kept, not delivered twice",
					file.channel());
			return completeWhenAllRead(leg.id(), file);
		}
		String text = read.text();
		String pagesSha256 = this.store.put(this.json.writeValueAsBytes(read.pages()));
		String searchableSha256 = this.store.put(read.searchablePdf());
		int ocrConfidence = read.ocrConfidence();
		this.files.processed(fileId, read.pages().size(), text.length(), pagesSha256, searchableSha256,
				(int) read.ocrPages(), (ocrConfidence >= 0) ? ocrConfidence : null);
		Optional<String> note = providerNote(read);
		if (note.isPresent()) {
			this.files.setStatus(fileId, ReceivedFile.Status.MESSAGE, "A note from the provider, not records");
			this.messages.take(leg, note.get(), file.channel());
			return completeWhenAllRead(leg.id(), file);
		}
		Optional<IdentityCheck.Mismatch> misfile = (file.identityClearedBy() != null) ? Optional.empty()
				: IdentityCheck.misfile(read.pages(), this.requests.load(leg.requestId()).details().patient());
		if (misfile.isPresent()) {
			// the reason names the page, not the other patient: staff open the page
			this.files.setStatus(fileId, ReceivedFile.Status.HELD, misfile.get().detail());
			this.legs.record(leg, "POSSIBLE_MISFILE", file.fileName() + ": page " + misfile.get().page()
					+ " names a different patient; held for HIM staff review, not delivered", file.channel());
			return completeWhenAllRead(leg.id(), file);
		}
		this.legs.advance(leg.id(), LegState.leadingTo(LegState.RECORDS_RECEIVED),
				Transition
					.to(LegState.RECORDS_RECEIVED,
							"Records received, " + file.fileName() + ": " + read.pages().size() + " page(s)"
									+ ocrSummary(read) + ", " + text.length() + " characters of text")
					.on(file.channel()));
		return completeWhenAllRead(leg.id(), file);
	}

	/**
	 * The provider's note, when a short file (a faxed cover note, OCR'd) holds no record
	 * of any type but words the provider message table understands: a fee quote, a
	 * question, "no records". RecordHub's own cover sheet, sent back at the top of a fax,
	 * does not count.
	 */
	private Optional<String> providerNote(RecordReader.Read read) {
		List<RecordReader.PageText> pages = read.pages()
			.stream()
			.filter((page) -> !CoverSheets.isCoverSheet(page.text()))
			.toList();
		String text = String.join("\n", pages.stream().map(RecordReader.PageText::text).toList()).strip();
		if (pages.isEmpty() || pages.size() > 2 || text.length() > NOTE_LENGTH
				|| RecordDocuments.split("note", pages, this.types)
					.stream()
					.anyMatch((found) -> found.type() != null)) {
			return Optional.empty();
		}
		String words = text.replaceAll("\\s+", " ");
		return this.messages.meaning(words).map((meaning) -> words);
	}

	/**
	 * The fingerprints of the pages of the leg's files read before this one, so a page
	 * the provider sends again is not delivered twice.
	 */
	private Set<String> pagesReadBefore(ReceivedFile file) {
		Set<String> fingerprints = new HashSet<>();
		for (ReceivedFile other : this.files.forLeg(file.legId())) {
			if (other.status() == ReceivedFile.Status.PROCESSED && !other.id().equals(file.id())) {
				pages(other).stream()
					.map(RecordReader.PageText::fingerprint)
					.filter(Objects::nonNull)
					.forEach(fingerprints::add);
			}
		}
		return fingerprints;
	}

	/** A file read before: its leg is to be delivered (again) only if it is ready. */
	private String alreadyDone(ReceivedFile file) {
		if (file.status() != ReceivedFile.Status.PROCESSED) {
			return null;
		}
		ProviderLeg leg = this.legs.find(file.legId()).orElseThrow();
		return deliverable(leg.state()) ? leg.id() : null;
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
		if (!this.legs.advance(legId, Set.of(LegState.RECORDS_RECEIVED),
				Transition.to(LegState.PROCESSING, "Reading " + readable + " file(s)"))) {
			return deliverable(this.legs.find(legId).orElseThrow().state()) ? legId : null;
		}
		understand(legId, all.stream().filter((f) -> f.status() == ReceivedFile.Status.PROCESSED).toList());
		return deliverable(this.legs.find(legId).orElseThrow().state()) ? legId : null;
	}

	/**
	 * Splits the leg's records into documents, orders them by date of service, and checks
	 * them against what was asked for: COMPLETE, or INCOMPLETE with what is missing.
	 */
	private void understand(String legId, List<ReceivedFile> readable) {
		ProviderLeg leg = this.legs.find(legId).orElseThrow();
		List<RecordDocuments.Found> found = new ArrayList<>();
		for (ReceivedFile file : readable) {
			found.addAll(RecordDocuments.split(file.id(), pages(file), this.types));
		}
		List<RecordDocuments.Found> ordered = RecordDocuments.chronological(found);
		this.documents.replace(legId, ordered);
		this.legs.record(leg, "DOCUMENTS_FOUND", ordered.size() + " document(s), by date of service: "
				+ String.join("; ", ordered.stream().map(DocumentProcessor::describe).toList()), null);
		RequestDetails details = this.requests.load(leg.requestId()).details();
		List<String> gaps = RecordDocuments.gaps(ordered, details.dateRange(), details.recordTypes(),
				this.types.types());
		for (String gap : gaps) {
			this.legs.record(leg, "MISSING_RECORDS", "Missing: " + gap + "; a follow-up with the provider is due",
					null);
		}
		this.legs.advance(legId, Set.of(LegState.PROCESSING),
				gaps.isEmpty()
						? Transition.to(LegState.COMPLETE,
								readable.size() + " file(s) read; everything asked for is there")
						: Transition.to(LegState.INCOMPLETE,
								readable.size() + " file(s) read; missing: " + String.join(", ", gaps)));
	}

	private List<RecordReader.PageText> pages(ReceivedFile file) {
		return List.of(this.json.readValue(this.store.get(file.textSha256()), RecordReader.PageText[].class));
	}

	private static String describe(RecordDocuments.Found document) {
		return ((document.dateOfService() != null) ? document.dateOfService() : "undated") + " "
				+ ((document.type() != null) ? document.type().display() : "unrecognised document") + " (pages "
				+ document.firstPage() + "-" + document.lastPage() + ")";
	}

	private static boolean deliverable(LegState state) {
		return state == LegState.COMPLETE || state == LegState.INCOMPLETE;
	}

	private String ocrSummary(RecordReader.Read read) {
		String duplicates = (read.duplicates() > 0) ? ", " + read.duplicates()
				+ " duplicate page(s) left out (they repeat an earlier page of this leg's records)" : "";
		long ocr = read.ocrPages();
		if (ocr > 0) {
			return ", " + ocr + " of them read by OCR (mean confidence " + read.ocrConfidence() + "%)" + duplicates;
		}
		boolean unread = read.pages().stream().anyMatch((page) -> page.source() == RecordReader.Source.NONE);
		return (unread ? ", image pages left without text (OCR is not installed)" : "") + duplicates;
	}

}
