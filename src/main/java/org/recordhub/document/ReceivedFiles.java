package org.recordhub.document;

import java.util.List;
import java.util.Optional;

import org.apache.camel.ProducerTemplate;
import org.recordhub.request.LegNotFoundException;
import org.recordhub.request.LegState;
import org.recordhub.request.Legs;
import org.recordhub.request.ProviderLeg;
import org.recordhub.system.Queues;
import org.recordhub.tracking.EventLog;
import org.recordhub.tracking.TimelineEvent;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The work queues of received files for HIM staff: files no leg could be matched to wait
 * to be assigned to one; quarantined files wait for a person to fix the cause and retry.
 * Nothing is guessed and nothing is dropped; every action is on the timeline with who
 * took it.
 */
@Service
public class ReceivedFiles {

	private final ReceivedFileRepository files;

	private final Legs legs;

	private final EventLog events;

	private final DocumentStore store;

	private final ProducerTemplate producer;

	private final TransactionTemplate transaction;

	ReceivedFiles(ReceivedFileRepository files, Legs legs, EventLog events, DocumentStore store,
			ProducerTemplate producer, TransactionTemplate transaction) {
		this.files = files;
		this.legs = legs;
		this.events = events;
		this.store = store;
		this.producer = producer;
		this.transaction = transaction;
	}

	public List<ReceivedFile> inStatus(ReceivedFile.Status status) {
		return this.files.inStatus(status);
	}

	public ReceivedFile get(String id) {
		return this.files.find(id).orElseThrow(() -> new ReceivedFileNotFoundException(id));
	}

	/** The file's bytes as the provider sent them; the viewing is recorded. */
	public byte[] content(String id, String viewer) {
		ReceivedFile file = get(id);
		record(file, "FILE_VIEWED", "File " + id + " opened by " + viewer);
		return this.store.get(file.sha256());
	}

	/**
	 * Assigns an unmatched file to a leg that can take records, and reads it for that
	 * leg.
	 */
	public ReceivedFile assign(String id, String legId, String staff) {
		this.transaction.executeWithoutResult((status) -> {
			ReceivedFile file = this.files.lock(id).orElseThrow(() -> new ReceivedFileNotFoundException(id));
			if (file.status() != ReceivedFile.Status.UNMATCHED) {
				throw new FileStateException(id, file.status(), "only an UNMATCHED file is assigned");
			}
			ProviderLeg leg = this.legs.find(legId).orElseThrow(() -> new LegNotFoundException(legId));
			if (!leg.state().acceptsRecords() || leg.state().compareTo(LegState.SUBMITTED) < 0) {
				throw new FileStateException(id, file.status(),
						"leg " + legId + " is " + leg.state() + " and takes no records");
			}
			this.files.link(id, legId);
			this.files.setStatus(id, ReceivedFile.Status.RECEIVED, null);
			this.legs.record(leg, "FILE_ASSIGNED",
					"File " + id + " (" + file.fileName() + ") from " + file.providerId() + " assigned by " + staff,
					file.channel());
		});
		this.producer.sendBodyAndHeader(Queues.uri(Queues.PROCESS), id, Queues.LEG_ID, legId);
		return get(id);
	}

	/**
	 * Reads a quarantined file again (once its cause is fixed: OCR installed, say), or
	 * matches it again when it has no leg.
	 */
	public ReceivedFile retry(String id, String staff) {
		Optional<String> legId = this.transaction.execute((status) -> {
			ReceivedFile file = this.files.lock(id).orElseThrow(() -> new ReceivedFileNotFoundException(id));
			if (file.status() != ReceivedFile.Status.QUARANTINED) {
				throw new FileStateException(id, file.status(), "only a QUARANTINED file is retried");
			}
			this.files.setStatus(id, ReceivedFile.Status.RECEIVED, null);
			this.files.resetReadAttempts(id);
			record(file, "FILE_RETRIED", "File " + id + " (" + file.fileName() + ") retried by " + staff);
			return Optional.ofNullable(file.legId());
		});
		if (legId.isPresent()) {
			this.producer.sendBodyAndHeader(Queues.uri(Queues.PROCESS), id, Queues.LEG_ID, legId.get());
		}
		else {
			this.producer.sendBody(Queues.uri(Queues.CORRELATE), id);
		}
		return get(id);
	}

	/**
	 * A held file is the request's patient's after all (a maiden name, a typo in the
	 * birth date): it is read again without the identity check and delivered.
	 */
	public ReceivedFile clear(String id, String staff) {
		String legId = this.transaction.execute((status) -> {
			ReceivedFile file = held(id);
			this.files.clearIdentity(id, staff);
			this.files.setStatus(id, ReceivedFile.Status.RECEIVED, null);
			record(file, "MISFILE_CLEARED",
					"File " + id + " (" + file.fileName() + ") cleared by " + staff + ": it is this patient's record");
			return file.legId();
		});
		this.producer.sendBodyAndHeader(Queues.uri(Queues.PROCESS), id, Queues.LEG_ID, legId);
		return get(id);
	}

	/** A held file is another patient's record: kept, never delivered. */
	public ReceivedFile reject(String id, String staff) {
		this.transaction.executeWithoutResult((status) -> {
			ReceivedFile file = held(id);
			this.files.setStatus(id, ReceivedFile.Status.REJECTED, "Another patient's record, rejected by " + staff);
			record(file, "MISFILE_REJECTED", "File " + id + " (" + file.fileName() + ") rejected by " + staff
					+ " as another patient's record; it is kept and never delivered");
		});
		return get(id);
	}

	private ReceivedFile held(String id) {
		ReceivedFile file = this.files.lock(id).orElseThrow(() -> new ReceivedFileNotFoundException(id));
		if (file.status() != ReceivedFile.Status.HELD) {
			throw new FileStateException(id, file.status(), "only a HELD file is cleared or rejected");
		}
		return file;
	}

	/**
	 * On the leg's timeline when the file has a leg, else among the provider's events.
	 */
	private void record(ReceivedFile file, String type, String detail) {
		Optional<ProviderLeg> leg = Optional.ofNullable(file.legId()).flatMap(this.legs::find);
		if (leg.isPresent()) {
			this.legs.record(leg.get(), type, detail, file.channel());
		}
		else {
			this.events
				.append(TimelineEvent.of(null, null, file.providerId(), type, detail).withChannel(file.channel()));
		}
	}

	/** No such received file. */
	public static class ReceivedFileNotFoundException extends RuntimeException {

		ReceivedFileNotFoundException(String id) {
			super("No received file '" + id + "'.");
		}

	}

	/** The file is not in a state the action applies to. */
	public static class FileStateException extends RuntimeException {

		FileStateException(String id, ReceivedFile.Status status, String why) {
			super("File " + id + " is " + status + ": " + why + ".");
		}

	}

}
