package org.recordhub.document;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.recordhub.request.LegState;
import org.recordhub.request.Legs;
import org.recordhub.request.ProviderLeg;
import org.recordhub.request.RequestService;
import org.recordhub.system.Queues;
import org.recordhub.tracking.EventLog;
import org.recordhub.tracking.TimelineEvent;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The correlate stage: which leg is this file for? A file whose name (or returned cover
 * sheet: its QR code, else the id printed on it, read by OCR) carries the id of one of
 * the sending provider's legs belongs to it; a file read by a shared route (a fax gateway
 * serving many providers) may belong to any leg it names. A file that names no leg
 * belongs to the one waiting leg whose patient its first pages name by family name and
 * birth date ({@link PatientMatch}). Anything else goes to the unmatched area: kept,
 * recorded, never guessed.
 */
@Component
public class Correlator {

	private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private final ReceivedFileRepository files;

	private final Legs legs;

	private final EventLog events;

	private final DocumentStore store;

	private final RequestService requests;

	private final Ocr ocr;

	private final TransactionTemplate transaction;

	private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(Correlator.class);

	/** Legs that have been sent and wait for records. */
	private static final List<LegState> WAITING = List.of(LegState.SUBMITTED, LegState.ACKNOWLEDGED,
			LegState.AWAITING_FEE_APPROVAL, LegState.NEEDS_INFORMATION, LegState.IN_PROGRESS);

	Correlator(ReceivedFileRepository files, Legs legs, EventLog events, DocumentStore store, RequestService requests,
			Ocr ocr, TransactionTemplate transaction) {
		this.transaction = transaction;
		this.requests = requests;
		this.ocr = ocr;
		this.store = store;
		this.files = files;
		this.legs = legs;
		this.events = events;
	}

	/**
	 * Matches the file to its leg, once. The file is read (its first pages OCR'd if need
	 * be) before any row is locked or connection held: that takes seconds for a fax, and
	 * API reads must not wait behind it.
	 * @return the file id when it is for a leg and ready to process, otherwise
	 * {@code null}
	 * @throws LegNotYetSubmittedException when records race ahead of our own "submitted"
	 * mark; the error policy retries
	 */
	public String correlate(String fileId) {
		ReceivedFile file = this.files.find(fileId).orElseThrow();
		if (file.status() != ReceivedFile.Status.RECEIVED) {
			return null;
		}
		if (file.legId() != null) {
			return fileId;
		}
		Match match = match(file);
		return this.transaction.execute((status) -> record(fileId, match));
	}

	/** Which leg the file names, or whose patient it names; read, not yet recorded. */
	private Match match(ReceivedFile file) {
		// the leg id in the file name, else in the QR code of a returned fax cover sheet
		byte[] content = this.store.get(file.sha256());
		Optional<ProviderLeg> match = legIn(file.fileName()).or(() -> CoverSheets.legId(content))
			.flatMap(this.legs::find)
			.filter((leg) -> leg.providerId().equals(file.providerId()) || Queues.SHARED.equals(file.providerId()));
		String how = "";
		if (match.isEmpty()) {
			// read the first pages (OCR'd if need be) once: for the id printed on a cover
			// sheet whose code did not survive the fax, else for the patient
			List<ProviderLeg> waiting = waiting(file);
			String text = waiting.isEmpty() ? "" : PatientMatch.firstPages(content, this.ocr);
			match = CoverSheets.printedLegId(text, waiting.stream().map(ProviderLeg::id).toList())
				.flatMap((id) -> waiting.stream().filter((leg) -> leg.id().equals(id)).findFirst());
			how = match.isPresent() ? ", matched by the leg id printed on its cover sheet" : "";
			if (match.isEmpty()) {
				match = byPatient(waiting, text);
				how = match.isPresent() ? ", matched by the patient's name and birth date in it" : "";
			}
		}
		return new Match(match.map(ProviderLeg::id).orElse(null), how);
	}

	/**
	 * Records the match (or that there is none), once: a redelivered message changes
	 * nothing.
	 */
	private String record(String fileId, Match match) {
		ReceivedFile file = this.files.lock(fileId).orElseThrow();
		if (file.status() != ReceivedFile.Status.RECEIVED) {
			return null;
		}
		if (file.legId() != null) {
			return fileId;
		}
		if (match.legId() == null) {
			String reason = "No leg of this provider is named in the file name or on a cover sheet, "
					+ "and its first pages name no single waiting leg's patient";
			this.files.setStatus(fileId, ReceivedFile.Status.UNMATCHED, reason);
			this.events.append(
					TimelineEvent
						.of(null, null, file.providerId(), "FILE_UNMATCHED",
								"File " + file.id() + " (" + file.fileName() + ") kept in the unmatched area: "
										+ reason)
						.withChannel(file.channel()));
			return null;
		}
		ProviderLeg leg = this.legs.find(match.legId()).orElseThrow();
		if (leg.state().compareTo(LegState.SUBMITTED) < 0 && leg.state() != LegState.AUTHORIZATION_REJECTED) {
			throw new LegNotYetSubmittedException(leg.id(), leg.state());
		}
		this.files.link(fileId, leg.id());
		logger.info("File {} matched to leg {} of {}", fileId, leg.id(), leg.providerId());
		this.legs.record(leg, "FILE_RECEIVED",
				"Received " + file.fileName() + " (" + file.sizeBytes() + " bytes)" + match.how(), file.channel());
		if (!leg.state().acceptsRecords()) {
			String reason = "The leg is " + leg.state() + "; the file is kept but not delivered";
			this.files.setStatus(fileId, ReceivedFile.Status.QUARANTINED, reason);
			this.legs.record(leg, "FILE_QUARANTINED", file.fileName() + ": " + reason, file.channel());
			return null;
		}
		return fileId;
	}

	/** The leg a file was matched to ({@code null}: none) and how. */
	private record Match(String legId, String how) {
	}

	/**
	 * The legs waiting for records from this provider (any provider, for a shared route).
	 */
	private List<ProviderLeg> waiting(ReceivedFile file) {
		return Queues.SHARED.equals(file.providerId()) ? this.legs.in(WAITING)
				: this.legs.at(file.providerId(), WAITING, Integer.MAX_VALUE);
	}

	/** The one waiting leg whose patient the first pages' text names. */
	private Optional<ProviderLeg> byPatient(List<ProviderLeg> waiting, String text) {
		return PatientMatch.single(text, waiting.stream()
			.map((leg) -> new PatientMatch.Candidate<>(leg, this.requests.load(leg.requestId()).details().patient()))
			.toList());
	}

	private static Optional<String> legIn(String fileName) {
		Matcher matcher = UUID.matcher(fileName.toLowerCase());
		return matcher.find() ? Optional.of(matcher.group()) : Optional.empty();
	}

	/** Records arrived for a leg we have not yet marked as sent. */
	public static class LegNotYetSubmittedException extends RuntimeException {

		LegNotYetSubmittedException(String legId, LegState state) {
			super("Records arrived for leg " + legId + " while it is " + state + "; retrying");
		}

	}

}
