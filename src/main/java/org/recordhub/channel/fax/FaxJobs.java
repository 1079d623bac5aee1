package org.recordhub.channel.fax;

import java.io.IOException;
import java.net.URI;

import gnu.hylafax.HylaFAXClient;
import gnu.hylafax.Job;
import gnu.inet.ftp.ServerResponseException;
import org.recordhub.channel.ChannelPlanner;
import org.recordhub.request.LegState;
import org.recordhub.request.Legs;
import org.recordhub.request.ProviderLeg;
import org.recordhub.tracking.EventLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Follows the HylaFAX job of every leg faxed through a HylaFAX server until the server is
 * done with it: a job sent records its pages and dials on the timeline
 * ({@code FAX_SENT}); a job that failed (busy or dead line after every try, killed by an
 * operator) means the request never reached the provider, so the leg goes to its next
 * channel, or FAILED.
 */
@Component
public class FaxJobs {

	static final String SENT = "FAX_SENT";

	private static final Logger logger = LoggerFactory.getLogger(FaxJobs.class);

	private final Legs legs;

	private final EventLog events;

	private final ChannelPlanner planner;

	FaxJobs(Legs legs, EventLog events, ChannelPlanner planner) {
		this.legs = legs;
		this.events = events;
		this.planner = planner;
	}

	/** Where a leg's fax job lives: {@code hylafax://user@host:port/job}. */
	static String reference(String user, String host, int port, long job) {
		return "hylafax://" + user + "@" + host + ":" + port + "/" + job;
	}

	@Scheduled(fixedDelayString = "${recordhub.fax.job-poll-interval}")
	public void poll() {
		this.legs.withReference(LegState.SUBMITTED, "fax", "hylafax://").forEach((leg, reference) -> {
			if (this.events.has(leg.id(), SENT)) {
				return;
			}
			try {
				follow(leg, URI.create(reference));
			}
			catch (IOException | ServerResponseException | RuntimeException ex) {
				// the server is down or busy: the job is still there, ask again next time
				logger.warn("Could not read fax job {} of leg {}: {}", reference, leg.id(), ex.toString());
			}
		});
	}

	private void follow(ProviderLeg leg, URI server) throws IOException, ServerResponseException {
		long id = Long.parseLong(server.getPath().substring(1));
		HylaFAXClient client = new HylaFAXClient();
		client.open(server.getHost(), server.getPort());
		try {
			client.user(server.getUserInfo());
			Job job = client.getJob(id);
			String state = job.getProperty("STATE").trim();
			String pages = job.getProperty("NPAGES").trim() + " of " + job.getProperty("TOTPAGES").trim() + " pages";
			String dials = job.getProperty("TOTDIALS").trim();
			String status = job.getProperty("STATUS").trim();
			if ("DONE".equals(state)) {
				this.legs.record(leg, SENT, "Fax job " + id + " sent: " + pages + ", " + dials + " dial(s)", "fax");
			}
			else if ("FAILED".equals(state)) {
				this.legs.record(leg, "FAX_FAILED", "Fax job " + id + " failed after " + dials + " dial(s), " + pages
						+ " sent: " + (status.isEmpty() ? "no reason given" : status), "fax");
				this.planner.failOver(leg.id(), "fax job " + id + " failed: " + status);
			}
		}
		finally {
			client.quit();
		}
	}

}
