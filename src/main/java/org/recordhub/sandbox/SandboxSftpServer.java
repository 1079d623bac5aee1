package org.recordhub.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.AbstractSftpEventListenerAdapter;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider's SFTP server (Apache MINA SSHD, in the JVM): request packets arrive in
 * {@code inbox/}, and when a packet's manifest lands, the provider answers with a record
 * in {@code outbox/}, as a release-of-information clerk would.
 */
public class SandboxSftpServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SandboxSftpServer.class);

	private final SshServer server;

	private final Path root;

	private final SimpleGeneratorHostKeyProvider hostKeys;

	private final Function<byte[], Response> clerk;

	private final ExecutorService worker = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "sandbox-sftp-clerk");
		thread.setDaemon(true);
		return thread;
	});

	private volatile boolean answering = true;

	/**
	 * @param root the server's file system (holds {@code inbox/} and {@code outbox/})
	 * @param hostKeyFile where the host key is kept, so it stays the same across restarts
	 * @param authorizedKeys an OpenSSH authorized_keys file for key authentication, or
	 * {@code null}
	 * @param clerk turns a request manifest into the record the provider sends back, or
	 * {@code null} to send nothing
	 */
	public SandboxSftpServer(Path root, Path hostKeyFile, int port, String username, String password,
			Collection<PublicKey> authorizedKeys, Function<byte[], Response> clerk) {
		this.root = root;
		this.clerk = clerk;
		this.hostKeys = new SimpleGeneratorHostKeyProvider(hostKeyFile);
		this.hostKeys.setAlgorithm("EC");
		this.hostKeys.setKeySize(256);
		this.server = SshServer.setUpDefaultServer();
		this.server.setHost("127.0.0.1");
		this.server.setPort(port);
		this.server.setKeyPairProvider(this.hostKeys);
		this.server.setPasswordAuthenticator(
				(user, secret, session) -> username.equals(user) && !password.isEmpty() && password.equals(secret));
		this.server.setPublickeyAuthenticator((user, key, session) -> username.equals(user)
				&& authorizedKeys.stream().anyMatch((authorized) -> KeyUtils.compareKeys(authorized, key)));
		SftpSubsystemFactory sftp = new SftpSubsystemFactory();
		sftp.addSftpEventListener(new AbstractSftpEventListenerAdapter() {

			@Override
			public void closed(ServerSession session, String remoteHandle, Handle localHandle, Throwable thrown) {
				if (thrown == null && localHandle instanceof FileHandle) {
					arrived(localHandle.getFile());
				}
			}

			@Override
			public void moved(ServerSession session, Path source, Path destination, Collection<CopyOption> options,
					Throwable thrown) {
				if (thrown == null) {
					arrived(destination);
				}
			}

		});
		this.server.setSubsystemFactories(List.of(sftp));
		this.server.setFileSystemFactory(new VirtualFileSystemFactory(root));
	}

	public SandboxSftpServer start() {
		try {
			Files.createDirectories(inbox());
			Files.createDirectories(outbox());
			this.server.start();
			logger.info("Sandbox SFTP provider listening on 127.0.0.1:{}", port());
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.server.getPort();
	}

	/** The server's file system (requesters' drops land under {@code deliveries/}). */
	public Path root() {
		return this.root;
	}

	public Path inbox() {
		return this.root.resolve("inbox");
	}

	public Path outbox() {
		return this.root.resolve("outbox");
	}

	/**
	 * Whether the clerk answers request packets (tests turn it off to place records
	 * themselves).
	 */
	public void setAnswering(boolean answering) {
		this.answering = answering;
	}

	/**
	 * Writes a known_hosts file that pins this server's host key, as an SFTP client needs
	 * it.
	 */
	public void writeKnownHosts(Path file) {
		try {
			StringBuilder lines = new StringBuilder();
			for (KeyPair key : this.hostKeys.loadKeys(null)) {
				lines.append("[127.0.0.1]:")
					.append(port())
					.append(' ')
					.append(PublicKeyEntry.toString(key.getPublic()))
					.append('\n');
			}
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.writeString(file, lines);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot write known_hosts " + file, ex);
		}
	}

	/**
	 * Puts a file in the outbox the way a provider would: complete, under its final name.
	 */
	public void send(String fileName, byte[] content) {
		try {
			Path partial = outbox().resolve("." + fileName + ".part");
			Files.write(partial, content);
			Files.move(partial, outbox().resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void arrived(Path file) {
		String name = file.getFileName().toString();
		// the path belongs to the server's virtual file system, so compare names, not
		// paths
		Path folder = file.getParent();
		if (!this.answering || this.clerk == null || name.startsWith(".") || !name.endsWith("-manifest.json")
				|| folder == null || folder.getFileName() == null || !"inbox".equals(folder.getFileName().toString())) {
			return;
		}
		this.worker.submit(() -> {
			try {
				Response response = this.clerk.apply(Files.readAllBytes(file));
				if (response != null) {
					send(response.fileName(), response.content());
				}
			}
			catch (IOException | RuntimeException ex) {
				logger.warn("Sandbox clerk could not answer {}: {}", name, ex.toString());
			}
		});
	}

	@Override
	public void close() throws IOException {
		this.worker.shutdownNow();
		this.server.stop(true);
	}

	/** A file the provider sends back. */
	public record Response(String fileName, byte[] content) {
	}

}
