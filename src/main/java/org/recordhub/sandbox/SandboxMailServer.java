package org.recordhub.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mail server (GreenMail SMTP + IMAP, in the JVM) with two mailboxes: RecordHub's and a
 * provider's release-of-information desk, whose clerk answers each emailed request packet
 * with the record attached, replying to the request's subject. It also plays an
 * email-to-fax gateway: a fax mailed to {@code <number>@<gateway>} reaches a clinic that
 * faxes the records back, with RecordHub's cover sheet first; the gateway mails that fax
 * to RecordHub from {@code fax@<gateway>}.
 */
public class SandboxMailServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SandboxMailServer.class);

	private final GreenMail mail;

	private final String recordhubAddress;

	private final String providerAddress;

	private final String faxGateway;

	private final SandboxClerk clerk;

	private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "sandbox-mail-clerk");
		thread.setDaemon(true);
		return thread;
	});

	private final Set<String> answered = new HashSet<>();

	private volatile boolean answering = true;

	/**
	 * @param smtpPort SMTP port (0: any free port)
	 * @param imapPort IMAP port (0: any free port)
	 */
	public SandboxMailServer(int smtpPort, int imapPort, String recordhubAddress, String recordhubPassword,
			String providerAddress, String faxGateway, SandboxClerk clerk) {
		ServerSetup smtp = new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
		ServerSetup imap = new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
		this.mail = new GreenMail(new ServerSetup[] { (smtpPort == 0) ? smtp.dynamicPort() : smtp,
				(imapPort == 0) ? imap.dynamicPort() : imap });
		this.recordhubAddress = recordhubAddress;
		this.providerAddress = providerAddress;
		this.faxGateway = faxGateway;
		this.clerk = clerk;
		this.mail.setUser(recordhubAddress, recordhubAddress, recordhubPassword);
		this.mail.setUser(providerAddress, providerAddress, recordhubPassword);
	}

	public SandboxMailServer start() {
		this.mail.start();
		this.worker.scheduleWithFixedDelay(this::answer, 200, 200, TimeUnit.MILLISECONDS);
		logger.info("Sandbox mail server: SMTP 127.0.0.1:{}, IMAP 127.0.0.1:{}", smtpPort(), imapPort());
		return this;
	}

	public int smtpPort() {
		return this.mail.getSmtp().getPort();
	}

	public int imapPort() {
		return this.mail.getImap().getPort();
	}

	/**
	 * Whether the clerk answers emailed requests (tests turn it off to reply themselves).
	 */
	public void setAnswering(boolean answering) {
		this.answering = answering;
	}

	/** Every message the server holds, for tests. */
	public MimeMessage[] messages() {
		return this.mail.getReceivedMessages();
	}

	/** The messages delivered to the mailbox (for tests). */
	public List<MimeMessage> messagesTo(String address) {
		return Arrays.stream(this.mail.getReceivedMessages()).filter((message) -> {
			try {
				return Arrays.stream(message.getAllRecipients()).anyMatch((to) -> to.toString().equals(address));
			}
			catch (MessagingException ex) {
				return false;
			}
		}).toList();
	}

	/**
	 * Sends a message from the provider to RecordHub, as the provider's mail client
	 * would.
	 */
	public void sendFromProvider(String subject, String text, byte[] attachment, String fileName) {
		sendToRecordHub(this.providerAddress, subject, text, attachment, fileName);
	}

	/** Sends a message to RecordHub from any sender (a fax gateway, say). */
	public void sendToRecordHub(String from, String subject, String text, byte[] attachment, String fileName) {
		if (attachment == null) {
			GreenMailUtil.sendTextEmail(this.recordhubAddress, from, subject, text,
					this.mail.getSmtp().getServerSetup());
		}
		else {
			String type = fileName.endsWith(".tif") ? "image/tiff" : "application/pdf";
			GreenMailUtil.sendAttachmentEmail(this.recordhubAddress, from, subject, text, attachment, type, fileName,
					fileName, this.mail.getSmtp().getServerSetup());
		}
	}

	private void answer() {
		if (!this.answering) {
			return;
		}
		try {
			for (MimeMessage message : this.mail.getReceivedMessagesForDomain(domain(this.providerAddress))) {
				if (firstSight(message)) {
					byte[] manifest = attachment(message, "-manifest.json");
					if (manifest != null) {
						SandboxSftpServer.Response records = this.clerk.apply(manifest);
						sendFromProvider("Re: " + message.getSubject(), "The requested records are attached.",
								records.content(), records.fileName());
					}
				}
			}
			for (MimeMessage message : this.mail.getReceivedMessagesForDomain(this.faxGateway)) {
				if (firstSight(message)) {
					byte[] fax = attachment(message, ".pdf");
					String number = message.getAllRecipients()[0].toString().replaceAll("@.*", "");
					if (fax != null) {
						SandboxSftpServer.Response answer = this.clerk.answerFax(fax, number);
						sendToRecordHub("fax@" + this.faxGateway, "Fax from " + number, "1 fax received",
								answer.content(), answer.fileName());
					}
				}
			}
		}
		catch (MessagingException | IOException | RuntimeException ex) {
			logger.warn("Sandbox mail clerk could not answer: {}", ex.toString());
		}
	}

	private boolean firstSight(MimeMessage message) throws MessagingException {
		String id = message.getMessageID();
		return id != null && this.answered.add(id);
	}

	private static byte[] attachment(MimeMessage message, String suffix) throws MessagingException, IOException {
		if (!(message.getContent() instanceof Multipart multipart)) {
			return null;
		}
		for (int i = 0; i < multipart.getCount(); i++) {
			BodyPart part = multipart.getBodyPart(i);
			if (part.getFileName() != null && part.getFileName().endsWith(suffix)) {
				try (InputStream in = part.getInputStream()) {
					return in.readAllBytes();
				}
			}
		}
		return null;
	}

	private static String domain(String address) {
		return address.substring(address.indexOf('@') + 1);
	}

	@Override
	public void close() {
		this.worker.shutdownNow();
		this.mail.stop();
	}

}
