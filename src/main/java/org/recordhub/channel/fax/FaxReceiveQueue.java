package org.recordhub.channel.fax;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import gnu.hylafax.HylaFAXClient;
import gnu.inet.ftp.FtpClientProtocol;
import gnu.inet.ftp.ServerResponseException;
import org.apache.camel.Header;
import org.recordhub.document.Inbound;
import org.recordhub.document.InboundFile;

import org.springframework.stereotype.Component;

/**
 * Faxes HylaFAX received ({@code recvq/fax*.tif}), fetched through its client protocol.
 * HylaFAX lets only its administrator delete from the receive queue, so RecordHub takes
 * each fax once by name and leaves the file where it is; the server's own clean-up
 * (faxcron) expires it. The server must make received faxes readable by clients
 * ({@code RecvFileMode: 0644} in the modem's configuration).
 */
@Component("faxReceiveQueue")
public class FaxReceiveQueue {

	private final Inbound inbound;

	FaxReceiveQueue(Inbound inbound) {
		this.inbound = inbound;
	}

	/** The faxes in the receive queue that RecordHub has not taken yet. */
	public List<InboundFile> poll(@Header(FaxDispatch.HOST) String host, @Header(FaxDispatch.PORT) int port,
			@Header(FaxDispatch.USER) String user, @Header(Inbound.PROVIDER_ID) String providerId)
			throws IOException, ServerResponseException {
		List<InboundFile> faxes = new ArrayList<>();
		HylaFAXClient client = new HylaFAXClient();
		client.open(host, port);
		try {
			client.user(user);
			client.type(FtpClientProtocol.TYPE_IMAGE);
			for (Object entry : client.getNameList("recvq")) {
				String name = entry.toString().trim();
				if (!name.matches("fax\\d+\\.tif") || this.inbound.alreadyReceived(providerId, name)) {
					continue;
				}
				ByteArrayOutputStream fax = new ByteArrayOutputStream();
				client.get("recvq/" + name, fax);
				faxes.add(new InboundFile(name, fax.toByteArray()));
			}
		}
		finally {
			client.quit();
		}
		return faxes;
	}

}
