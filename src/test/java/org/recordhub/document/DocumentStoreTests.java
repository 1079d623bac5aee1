package org.recordhub.document;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class DocumentStoreTests {

	@TempDir
	Path directory;

	private final byte[] record = "%PDF-1.7 Patient: Jane Doe, born 1980-04-12".getBytes(StandardCharsets.UTF_8);

	@Test
	void shouldReturnWhatWasStoredAndKeepOnlyCiphertextOnDisk() throws IOException {
		DocumentStore store = store(null);
		String sha256 = store.put(this.record);
		assertThat(sha256).isEqualTo(DocumentStore.sha256(this.record));
		assertThat(store.get(sha256)).isEqualTo(this.record);
		String atRest = new String(Files.readAllBytes(store.path(sha256)), StandardCharsets.ISO_8859_1);
		assertThat(atRest).doesNotContain("Jane", "%PDF");
	}

	@Test
	void shouldStoreTheSameContentOnce() throws IOException {
		DocumentStore store = store(null);
		Path file = store.path(store.put(this.record));
		byte[] first = Files.readAllBytes(file);
		store.put(this.record);
		assertThat(Files.readAllBytes(file)).isEqualTo(first);
	}

	@Test
	void shouldRefuseTamperedCiphertext() throws IOException {
		DocumentStore store = store(null);
		String sha256 = store.put(this.record);
		byte[] sealed = Files.readAllBytes(store.path(sha256));
		sealed[sealed.length - 1] ^= 1;
		Files.write(store.path(sha256), sealed);
		assertThatIllegalStateException().isThrownBy(() -> store.get(sha256)).withMessageContaining("tampered");
	}

	@Test
	void shouldNotReadDocumentsWithAnotherKey() throws IOException {
		String sha256 = store(key(1)).put(this.record);
		assertThatIllegalStateException().isThrownBy(() -> store(key(2)).get(sha256));
	}

	@Test
	void shouldCreateAKeyReadableOnlyByItsOwnerOnFirstRun() throws IOException {
		store(null);
		Path keyFile = this.directory.resolve("document-key");
		assertThat(Base64.getDecoder().decode(Files.readString(keyFile).trim())).hasSize(32);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
	}

	private DocumentStore store(String key) throws IOException {
		return new DocumentStore(new DocumentStoreProperties(this.directory.resolve("documents"), key,
				this.directory.resolve("document-key")));
	}

	private static String key(int seed) {
		byte[] key = new byte[32];
		key[0] = (byte) seed;
		return Base64.getEncoder().encodeToString(key);
	}

}
