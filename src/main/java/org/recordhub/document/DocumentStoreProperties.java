package org.recordhub.document;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where document bytes live and the key that encrypts them.
 *
 * @param directory folder of encrypted files, one per SHA-256
 * @param encryptionKey base64 AES-256 key; when empty, the key in {@code keyFile} is used
 * (and created on first run)
 * @param keyFile file holding the base64 key when none is configured
 */
@ConfigurationProperties("recordhub.documents")
record DocumentStoreProperties(Path directory, String encryptionKey, Path keyFile) {
}
