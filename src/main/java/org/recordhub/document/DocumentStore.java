package org.recordhub.document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Content-addressed, encrypted document bytes: each document is stored once under its
 * SHA-256, as AES-256-GCM ciphertext with a fresh 96-bit IV and the hash as associated
 * data (so a file swapped for another's fails to decrypt).
 */
@Component
@EnableConfigurationProperties(DocumentStoreProperties.class)
public class DocumentStore {

	private static final Logger logger = LoggerFactory.getLogger(DocumentStore.class);

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final Path directory;

	private final SecretKey key;

	private final SecureRandom random = new SecureRandom();

	DocumentStore(DocumentStoreProperties properties) throws IOException {
		this.directory = properties.directory();
		Files.createDirectories(this.directory);
		this.key = key(properties);
	}

	/** Stores the bytes (once) and returns their SHA-256 in hex. */
	public String put(byte[] content) {
		String sha256 = sha256(content);
		Path file = path(sha256);
		if (Files.exists(file)) {
			return sha256;
		}
		try {
			byte[] iv = new byte[IV_BYTES];
			this.random.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, iv));
			cipher.updateAAD(sha256.getBytes(StandardCharsets.US_ASCII));
			byte[] sealed = cipher.doFinal(content);
			Files.createDirectories(file.getParent());
			Path partial = Files.createTempFile(file.getParent(), sha256, ".part");
			try (var out = Files.newOutputStream(partial)) {
				out.write(iv);
				out.write(sealed);
			}
			Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			return sha256;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot encrypt document", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The plaintext of the document with this SHA-256. */
	public byte[] get(String sha256) {
		try {
			byte[] stored = Files.readAllBytes(path(sha256));
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, stored, 0, IV_BYTES));
			cipher.updateAAD(sha256.getBytes(StandardCharsets.US_ASCII));
			return cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Document " + sha256 + " does not decrypt: wrong key or tampered", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Where the ciphertext of a document lives (for operations and tests). */
	public Path path(String sha256) {
		if (!sha256.matches("[0-9a-f]{64}")) {
			throw new IllegalArgumentException("Not a SHA-256: " + sha256);
		}
		return this.directory.resolve(sha256.substring(0, 2)).resolve(sha256 + ".enc");
	}

	public static String sha256(byte[] content) {
		return digest("SHA-256", content);
	}

	public static String sha1(byte[] content) {
		return digest("SHA-1", content);
	}

	/** A SHA-256 digest to feed in parts. */
	static MessageDigest sha256Digest() {
		return digest("SHA-256");
	}

	private static String digest(String algorithm, byte[] content) {
		return HexFormat.of().formatHex(digest(algorithm).digest(content));
	}

	private static MessageDigest digest(String algorithm) {
		try {
			return MessageDigest.getInstance(algorithm);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static SecretKey key(DocumentStoreProperties properties) throws IOException {
		String encoded = properties.encryptionKey();
		if (!StringUtils.hasText(encoded)) {
			Path file = properties.keyFile();
			if (!Files.exists(file)) {
				createKeyFile(file);
			}
			encoded = Files.readString(file).trim();
		}
		byte[] raw = Base64.getDecoder().decode(encoded);
		if (raw.length != 32) {
			throw new IllegalStateException(
					"recordhub.documents.encryption-key must be 32 bytes (base64), not " + raw.length);
		}
		return new SecretKeySpec(raw, "AES");
	}

	private static void createKeyFile(Path file) throws IOException {
		try {
			KeyGenerator generator = KeyGenerator.getInstance("AES");
			generator.init(256);
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.writeString(file, Base64.getEncoder().encodeToString(generator.generateKey().getEncoded()));
			try {
				Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system: the key stays readable as the folder allows
			}
			logger.warn(
					"Created a new document encryption key in {}. Back it up: documents stored with it "
							+ "cannot be read without it. Production sets recordhub.documents.encryption-key instead.",
					file.toAbsolutePath());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
