package org.recordhub.channel.fax;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Set;

import gnu.hylafax.HylaFAXClient;
import gnu.hylafax.Job;
import gnu.inet.ftp.FtpClientProtocol;
import gnu.inet.ftp.ServerResponseException;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.recordhub.channel.Dispatch;
import org.recordhub.channel.RequestPackets;
import org.recordhub.provider.Provider;
import org.recordhub.provider.ProviderDirectory;
import org.recordhub.request.LegState;
import org.recordhub.request.Legs;
import org.recordhub.request.Legs.Transition;
import org.recordhub.request.ProviderLeg;
import org.recordhub.request.RequestService;
import org.recordhub.request.RetrievalRequest;
import org.recordhub.system.Queues;

import org.springframework.stereotype.Component;

/**
 * The fax channel: sends a leg's request (cover sheet with a QR code, cover letter,
 * signed authorization) as one fax job through a HylaFAX server's client protocol, and
 * records the job.
 */
@Component("faxDispatch")
public class FaxDispatch {

	/** Headers the fax-sink template sets from its parameters. */
	public static final String HOST = "recordhubFaxHost";

	public static final String PORT = "recordhubFaxPort";

	public static final String USER = "recordhubFaxUser";

	public static final String NUMBER = "recordhubFaxNumber";

	private final Legs legs;

	private final RequestService requests;

	private final RequestPackets packets;

	private final ProviderDirectory directory;

	FaxDispatch(Legs legs, RequestService requests, RequestPackets packets, ProviderDirectory directory) {
		this.legs = legs;
		this.requests = requests;
		this.packets = packets;
		this.directory = directory;
	}

	/**
	 * The fax for a leg: the cover sheet, then the cover letter and the signed
	 * authorization.
	 */
	public byte[] fax(ProviderLeg leg) {
		return fax(leg, null, null);
	}

	/**
	 * The fax of the request, or of a follow-up (its letter first after the cover sheet).
	 */
	public byte[] fax(ProviderLeg leg, Integer followUp, String note) {
		RetrievalRequest request = this.requests.load(leg.requestId());
		List<byte[]> documents = this.packets.build(leg, followUp, note)
			.stream()
			.filter((file) -> file.name().endsWith(".pdf"))
			.map(RequestPackets.PacketFile::content)
			.toList();
		String to = this.directory.name(leg.providerId());
		String from = this.directory.name(request.organizationId());
		return FaxCoverSheet.fax(request.id(), leg.id(), to, from, documents);
	}

	/**
	 * The number to dial: the route's, or (on a shared route, which names none) the
	 * provider's fax endpoint in the directory.
	 */
	public String number(@Header(Queues.LEG_ID) String legId, @Header(NUMBER) String configured) {
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		ProviderLeg leg = this.legs.find(legId).orElseThrow();
		return this.directory.find(leg.providerId())
			.flatMap((provider) -> provider.endpoint("fax"))
			.map((endpoint) -> endpoint.address().replaceAll("[^0-9+]", ""))
			.filter((number) -> !number.isEmpty())
			.orElseThrow(() -> new IllegalStateException(
					"Provider " + leg.providerId() + " has no fax number in the directory and its route names none"));
	}

	public void send(Exchange exchange) throws IOException, ServerResponseException {
		String legId = exchange.getIn().getHeader(Queues.LEG_ID, String.class);
		Integer followUp = exchange.getIn().getHeader(Dispatch.FOLLOW_UP, Integer.class);
		byte[] fax = fax(this.legs.find(legId).orElseThrow(), followUp,
				exchange.getIn().getHeader(Dispatch.FOLLOW_UP_NOTE, String.class));
		String number = number(legId, exchange.getIn().getHeader(NUMBER, String.class));
		HylaFAXClient client = new HylaFAXClient();
		client.open(exchange.getIn().getHeader(HOST, String.class), exchange.getIn().getHeader(PORT, Integer.class));
		try {
			client.user(exchange.getIn().getHeader(USER, String.class));
			client.type(FtpClientProtocol.TYPE_IMAGE);
			client.form("PDF");
			String document = client.putTemporary(new ByteArrayInputStream(fax));
			Job job = client.createJob();
			job.setFromUser(exchange.getIn().getHeader(USER, String.class));
			job.setDialstring(number);
			// the scheduler refuses a job without these (sendfax sends the same defaults)
			job.setProperty("LASTTIME", "000259");
			job.setProperty("MAXDIALS", 12);
			job.setProperty("MAXTRIES", 3);
			job.setProperty("SCHEDPRI", 127);
			job.setProperty("VRES", 196);
			job.setProperty("PAGEWIDTH", 216);
			job.setProperty("PAGELENGTH", 279);
			job.setProperty("NOTIFY", "none");
			job.addDocument(document);
			client.submit(job);
			if (followUp != null) {
				// the request's own job stays the one followed; a follow-up is recorded
				// as sent
				this.legs.record(this.legs.find(legId).orElseThrow(), "FOLLOW_UP_SENT",
						"Follow-up #" + followUp + ": fax job " + job.getId() + " queued on HylaFAX to " + number,
						"fax");
				return;
			}
			this.legs.setExternalReference(legId,
					FaxJobs.reference(exchange.getIn().getHeader(USER, String.class),
							exchange.getIn().getHeader(HOST, String.class),
							exchange.getIn().getHeader(PORT, Integer.class), job.getId()));
			this.legs.advance(legId, Set.of(LegState.READY),
					Transition
						.to(LegState.SUBMITTED,
								"Fax job " + job.getId() + " queued on HylaFAX to " + number + " (" + fax.length
										+ " bytes, cover sheet with QR code first)")
						.on("fax"));
		}
		finally {
			client.quit();
		}
	}

}
