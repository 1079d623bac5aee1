package org.recordhub.document;

import java.time.Instant;

/**
 * A file a provider sent, whatever the channel. Its bytes are in the
 * {@link DocumentStore} under {@code sha256}.
 */
public record ReceivedFile(String id, String sha256, String sha1, String providerId, String channel, String fileName,
		long sizeBytes, Instant receivedAt, String legId, Status status, String statusReason, String contentType,
		Integer pageCount, Integer textChars, String textSha256, String searchableSha256, Integer ocrPages,
		Integer ocrConfidence, String identityClearedBy) {

	/**
	 * What is delivered: the searchable PDF once the file is read, else the file itself.
	 */
	public String deliveredSha256() {
		return (this.searchableSha256 != null) ? this.searchableSha256 : this.sha256;
	}

	public enum Status {

		/** Stored; matched to a leg or still to be matched. */
		RECEIVED,
		/** No leg could be matched: kept in the unmatched area for staff. */
		UNMATCHED,
		/** Understood and ready to deliver. */
		PROCESSED,
		/** Kept but not delivered; the reason says why. */
		QUARANTINED,
		/**
		 * Read, but a page names another patient: held until HIM staff clear or reject
		 * it.
		 */
		HELD,
		/** Another patient's record, rejected by HIM staff: kept, never delivered. */
		REJECTED,
		/**
		 * Every page repeats records already received for the leg: kept, not delivered
		 * twice.
		 */
		DUPLICATE,
		/**
		 * Not records but a note from the provider (a faxed fee quote, a question, "no
		 * records"): read into the leg's timeline as a provider message, not delivered.
		 */
		MESSAGE

	}

}
