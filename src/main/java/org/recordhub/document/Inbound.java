package org.recordhub.document;

import java.time.Clock;
import java.util.UUID;

import org.apache.camel.Body;
import org.apache.camel.Header;
import org.recordhub.system.Queues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where every inbound channel route hands over what a provider sent: the bytes are stored
 * encrypted before anything else happens, so nothing received is ever lost.
 */
@Component("inbound")
public class Inbound {

	/**
	 * Headers an inbound route sets: the file's name, the sending provider and the
	 * channel.
	 */
	public static final String FILE_NAME = "CamelFileName";

	public static final String PROVIDER_ID = "recordhubProviderId";

	public static final String CHANNEL = "recordhubChannel";

	/** The longest file name kept (the column holds 512 characters). */
	static final int MAX_NAME = 255;

	private static final Logger logger = LoggerFactory.getLogger(Inbound.class);

	private final DocumentStore store;

	private final ReceivedFileRepository files;

	private final Clock clock;

	Inbound(DocumentStore store, ReceivedFileRepository files, Clock clock) {
		this.store = store;
		this.files = files;
		this.clock = clock;
	}

	/** Whether the provider's route has already handed over a file of this name. */
	public boolean alreadyReceived(String providerId, String fileName) {
		return this.files.named(providerId, fileName);
	}

	/**
	 * Whether the provider's route has already handed over a file whose name starts so (a
	 * portal document's name, whatever extension its content gave it).
	 */
	public boolean alreadyReceivedAs(String providerId, String namePrefix) {
		return this.files.namedLike(providerId, namePrefix);
	}

	/**
	 * Stores a received file. Every file that arrives is a received file of its own, with
	 * its own leg and status, even when its bytes were received before (a provider sends
	 * one export to two requesters): storage is content-addressed, receipt is not. Only
	 * the same file seen again (same provider, name and bytes: a poll repeated after a
	 * crash, a message read twice) is the file already received.
	 * @return the received file's id, for the correlate stage
	 */
	@Transactional
	public String receive(@Body byte[] content, @Header(FILE_NAME) String fileName,
			@Header(PROVIDER_ID) String providerId, @Header(CHANNEL) String channel) {
		String name = storedName(fileName);
		String sha256 = this.store.put(content);
		return this.files.find(providerId, name, sha256).map(ReceivedFile::id).orElseGet(() -> {
			String id = UUID.randomUUID().toString();
			this.files.insert(new ReceivedFile(id, sha256, DocumentStore.sha1(content), providerId, channel, name,
					content.length, this.clock.instant(), null, ReceivedFile.Status.RECEIVED, null, null, null, null,
					null, null, null, null, null));
			logger.info("Received file {} ({} bytes) from {} over {}", id, content.length,
					Queues.SHARED.equals(providerId)
							? "a shared " + channel + " route (its provider is found when it is matched)" : providerId,
					channel);
			return id;
		});
	}

	/**
	 * The name as it is kept: a name longer than the column keeps its start (where the
	 * leg id is) and its extension.
	 */
	static String storedName(String fileName) {
		String name = (fileName == null || fileName.isBlank()) ? "unnamed" : fileName.strip();
		if (name.length() <= MAX_NAME) {
			return name;
		}
		int dot = name.lastIndexOf('.');
		String extension = (dot > 0 && name.length() - dot <= 10) ? name.substring(dot) : "";
		return name.substring(0, MAX_NAME - extension.length() - 1) + "…" + extension;
	}

}
