package org.recordhub.document;

import java.time.Clock;
import java.util.UUID;

import org.apache.camel.Body;
import org.apache.camel.Header;
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
	 * Stores a received file. The same bytes from the same provider are one file, however
	 * often they arrive.
	 * @return the received file's id, for the correlate stage
	 */
	@Transactional
	public String receive(@Body byte[] content, @Header(FILE_NAME) String fileName,
			@Header(PROVIDER_ID) String providerId, @Header(CHANNEL) String channel) {
		String sha256 = this.store.put(content);
		return this.files.find(providerId, sha256).map(ReceivedFile::id).orElseGet(() -> {
			String id = UUID.randomUUID().toString();
			this.files.insert(new ReceivedFile(id, sha256, DocumentStore.sha1(content), providerId, channel, fileName,
					content.length, this.clock.instant(), null, ReceivedFile.Status.RECEIVED, null, null, null, null,
					null, null, null, null, null));
			logger.info("Received file {} ({} bytes) from {} over {}", id, content.length, providerId, channel);
			return id;
		});
	}

}
