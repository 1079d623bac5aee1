package org.recordhub;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import gnu.hylafax.HylaFAXClient;
import gnu.inet.ftp.FtpClientProtocol;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.Test;
import org.recordhub.channel.fax.FaxDispatch;
import org.recordhub.document.Scans;
import org.recordhub.document.TextPdf;
import org.recordhub.request.Legs;
import org.recordhub.sandbox.FaxMachine;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fax channel against a real HylaFAX server (Debian's hylafax-server, started by the
 * test command and named in {@code RECORDHUB_TEST_HYLAFAX} as host:port). It needs no
 * modem to accept and queue jobs.
 */
class FaxIT {

	/** Where HylaFAX keeps received faxes (Debian's spool). */
	private static final Path RECEIVE_QUEUE = Path
		.of(System.getenv().getOrDefault("RECORDHUB_TEST_HYLAFAX_RECVQ", "/var/spool/hylafax/recvq"));

	private static String server() {
		String server = System.getenv("RECORDHUB_TEST_HYLAFAX");
		if (server == null || server.isBlank()) {
			throw new IllegalStateException("RECORDHUB_TEST_HYLAFAX is not set: run the tests with scripts/test, "
					+ "which installs and starts HylaFAX, or name a server (host:port)");
		}
		return server;
	}

	@Test
	void shouldTakeAFaxFromHylaFaxsReceiveQueueAndMatchItByTheCoverSheetOnItsFirstPage() throws Exception {
		String server = server();
		String host = server.substring(0, server.lastIndexOf(':'));
		int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
		if (!Files.isWritable(RECEIVE_QUEUE)) {
			throw new IllegalStateException(RECEIVE_QUEUE + " is not writable: the test plays the modem that "
					+ "receives a fax, so it runs as root (scripts/test does)");
		}
		Path received = RECEIVE_QUEUE.resolve("fax" + (System.currentTimeMillis() % 1_000_000_000L) + ".tif");
		try (TestEnvironment env = new TestEnvironment(TestDatabase.H2)) {
			env.with("recordhub.test.hylafax-host", host)
				.with("recordhub.test.hylafax-port", port)
				.with("camel.main.routes-include-pattern", "file:${recordhub.home}/routes/templates/*.yaml,"
						+ "file:${recordhub.home}/routes/*.yaml,classpath:test-routes/*.yaml,classpath:fax-routes/*.yaml")
				.start();
			String requestId = env.submit(RequestBodies.request("Barbara", "McClintock", "1902-06-16", "fax-clinic"));
			String legId = env.awaitLegState(requestId, "SUBMITTED").path("legs").get(0).path("id").asString();

			// the clinic faxes back our cover sheet and the record; HylaFAX's modem
			// process files the fax, readable to clients, in its receive queue
			byte[] coverSheet = env.bean(FaxDispatch.class).fax(env.bean(Legs.class).find(legId).orElseThrow());
			byte[] answer = merge(coverSheet,
					TextPdf.render("Record",
							String.join("\n", "Patient: Barbara McClintock    Date of birth: 1902-06-16",
									"Date of service: 2023-03-14",
									"Progress note: maize genetics follow-up. Stable.")));
			Files.write(received, FaxMachine.fax(answer, 204, 196));
			Files.setPosixFilePermissions(received, PosixFilePermissions.fromString("rw-r--r--"));

			JsonNode delivered = env.awaitStatus(requestId, "DELIVERED");
			assertThat(delivered.toString()).contains(received.getFileName().toString(), "read by OCR");
		}
		finally {
			Files.deleteIfExists(received);
		}
	}

	private static byte[] merge(byte[] first, byte[] second) throws java.io.IOException {
		org.apache.pdfbox.multipdf.PDFMergerUtility merger = new org.apache.pdfbox.multipdf.PDFMergerUtility();
		merger.addSource(new org.apache.pdfbox.io.RandomAccessReadBuffer(first));
		merger.addSource(new org.apache.pdfbox.io.RandomAccessReadBuffer(second));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		merger.setDestinationStream(out);
		merger.mergeDocuments(null);
		return out.toByteArray();
	}

	@Test
	void shouldQueueTheRequestOnHylaFaxWithACoverSheetWhoseQrCodeNamesTheLegAndFollowTheJob() throws Exception {
		String server = server();
		String host = server.substring(0, server.lastIndexOf(':'));
		int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
		try (TestEnvironment env = new TestEnvironment(TestDatabase.H2)) {
			env.with("recordhub.test.hylafax-host", host).with("recordhub.test.hylafax-port", port).start();
			String requestId = env.submit(RequestBodies.request("Dorothy", "Hodgkin", "1910-05-12", "fax-clinic"));
			JsonNode submitted = env.awaitLegState(requestId, "SUBMITTED");
			JsonNode leg = submitted.path("legs").get(0);
			assertThat(leg.path("channel").asString()).isEqualTo("fax");
			String reason = leg.path("stateReason").asString();
			assertThat(reason).startsWith("Fax job ").contains("queued on HylaFAX to 5550142");
			String job = reason.substring("Fax job ".length(), reason.indexOf(' ', "Fax job ".length()));

			// on the server: the job waits in the send queue, and its document starts
			// with the cover sheet
			HylaFAXClient client = new HylaFAXClient();
			client.open(host, port);
			try {
				client.user("recordhub");
				assertThat(client.getList("sendq"))
					.anySatisfy((line) -> assertThat(line.toString().trim()).startsWith(job + " ").contains("5550142"));
				java.util.List<String> names = new java.util.ArrayList<>();
				for (Object name : client.getNameList("docq")) {
					names.add(name.toString());
				}
				String document = names.stream()
					.filter((name) -> name.endsWith("." + job) && name.contains(".pdf"))
					.findFirst()
					.orElseThrow();
				client.type(FtpClientProtocol.TYPE_IMAGE);
				ByteArrayOutputStream fax = new ByteArrayOutputStream();
				client.get("docq/" + document, fax);
				try (PDDocument pdf = Loader.loadPDF(fax.toByteArray())) {
					assertThat(pdf.getNumberOfPages()).isGreaterThanOrEqualTo(3);
					BufferedImage cover = new PDFRenderer(pdf).renderImageWithDPI(0, 200);
					String qr = new QRCodeReader()
						.decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(cover))))
						.getText();
					assertThat(qr).isEqualTo("recordhub:leg:" + leg.path("id").asString());
				}

				// an operator removes the job (faxrm): the request never reaches the
				// provider, and RecordHub, following the job, says so
				client.kill(client.getJob(Long.parseLong(job)));
			}
			finally {
				client.quit();
			}
			JsonNode failed = env.awaitLegState(requestId, "FAILED");
			assertThat(failed.path("legs").get(0).path("stateReason").asString()).contains("fax job " + job + " failed")
				.contains("Job aborted by request");
			assertThat(failed.path("timeline").findValuesAsString("type")).containsSubsequence("FAX_FAILED",
					"STATE_CHANGED");
			assertThat(failed.path("timeline").findValuesAsString("detail"))
				.anySatisfy((detail) -> assertThat(detail).startsWith("Fax job " + job + " failed after 0 dial(s)"));
		}
	}

}
