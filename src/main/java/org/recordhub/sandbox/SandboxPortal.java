package org.recordhub.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A release-of-information portal with an HTTP API, as vendors run them for hospitals:
 * submit a request (with the authorization), poll its status (a fee quote first, records
 * a few polls later), download the documents. Requests carry an API key.
 *
 * <pre>
 * POST /portal/api/requests                          {"reference", "patient", "dateRange", "authorizationPdf"} → {"id", "status"}
 * GET  /portal/api/requests/{id}                     → {"id", "status", "fee", "message", "documents": [{"id", "name"}]}
 * GET  /portal/api/requests/{id}/documents/{doc}     → application/pdf
 * </pre>
 */
public class SandboxPortal implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SandboxPortal.class);

	/** Polls that answer "fee quoted" before the records are ready. */
	private static final int POLLS_BEFORE_READY = 2;

	private final Tomcat tomcat = new Tomcat();

	private final JsonMapper json;

	private final String apiKey;

	private final Function<byte[], SandboxSftpServer.Response> clerk;

	/** A clerk tests put in the usual one's place. */
	private volatile Function<byte[], SandboxSftpServer.Response> standIn;

	private final AtomicInteger statusPolls = new AtomicInteger();

	private final AtomicInteger downloads = new AtomicInteger();

	private final Map<String, PortalRequest> requests = new ConcurrentHashMap<>();

	private final AtomicInteger ids = new AtomicInteger();

	public SandboxPortal(JsonMapper json, int port, String apiKey, Function<byte[], SandboxSftpServer.Response> clerk) {
		this.json = json;
		this.apiKey = apiKey;
		this.clerk = clerk;
		this.tomcat.setPort(port);
		this.tomcat.setHostname("127.0.0.1");
	}

	public SandboxPortal start() {
		try {
			this.tomcat.setBaseDir(Files.createTempDirectory("sandbox-portal").toString());
			Context context = this.tomcat.addContext("", null);
			Tomcat.addServlet(context, "portal", new Api());
			context.addServletMappingDecoded("/portal/api/*", "portal");
			this.tomcat.getConnector();
			this.tomcat.start();
			logger.info("Sandbox ROI portal at {}", baseUrl());
			return this;
		}
		catch (IOException | LifecycleException ex) {
			throw new IllegalStateException("Cannot start the sandbox portal", ex);
		}
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.tomcat.getConnector().getLocalPort() + "/portal/api";
	}

	/** The requests the portal received, for tests: their submitted JSON. */
	public List<JsonNode> received() {
		return this.requests.values().stream().map(PortalRequest::submitted).toList();
	}

	/**
	 * From now on the portal's documents are what this clerk answers (tests); null: the
	 * usual clerk's again.
	 */
	public void answerWith(Function<byte[], SandboxSftpServer.Response> clerk) {
		this.standIn = clerk;
	}

	/** How often a request's status was asked for. */
	public int statusPolls() {
		return this.statusPolls.get();
	}

	/** How often a document was downloaded. */
	public int downloads() {
		return this.downloads.get();
	}

	@Override
	public void close() throws LifecycleException {
		this.tomcat.stop();
		this.tomcat.destroy();
	}

	private final class Api extends HttpServlet {

		@Override
		protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
			if (!authorized(request, response)) {
				return;
			}
			JsonNode body = SandboxPortal.this.json.readTree(request.getInputStream());
			if (!"/requests".equals(request.getPathInfo()) || body.path("reference").isMissingNode()) {
				response.sendError(400, "Expected a request with a reference");
				return;
			}
			String id = "R-" + SandboxPortal.this.ids.incrementAndGet();
			SandboxPortal.this.requests.put(id, new PortalRequest(id, body, new AtomicInteger()));
			response.setStatus(201);
			write(response, Map.of("id", id, "status", "SUBMITTED"));
		}

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
			if (!authorized(request, response)) {
				return;
			}
			String[] path = request.getPathInfo().split("/");
			PortalRequest portalRequest = (path.length >= 3) ? SandboxPortal.this.requests.get(path[2]) : null;
			if (portalRequest == null) {
				response.sendError(404, "No such request");
				return;
			}
			if (path.length == 5 && "documents".equals(path[3])) {
				SandboxPortal.this.downloads.incrementAndGet();
				Function<byte[], SandboxSftpServer.Response> clerk = (SandboxPortal.this.standIn != null)
						? SandboxPortal.this.standIn : SandboxPortal.this.clerk;
				byte[] records = clerk.apply(SandboxPortal.this.json.writeValueAsBytes(portalRequest.submitted()))
					.content();
				response.setContentType("application/pdf");
				response.getOutputStream().write(records);
				return;
			}
			SandboxPortal.this.statusPolls.incrementAndGet();
			if (portalRequest.polls().incrementAndGet() <= POLLS_BEFORE_READY) {
				write(response, Map.of("id", portalRequest.id(), "status", "FEE_QUOTED", "fee", "25.00", "message",
						"A copying fee of $25.00 applies; it is waived for this request.", "documents", List.of()));
				return;
			}
			write(response, Map.of("id", portalRequest.id(), "status", "READY", "message", "Records are ready.",
					"documents", List.of(Map.of("id", "D-1", "name", "medical-records.pdf"))));
		}

		private boolean authorized(HttpServletRequest request, HttpServletResponse response) throws IOException {
			if (!SandboxPortal.this.apiKey.equals(request.getHeader("X-Api-Key"))) {
				response.sendError(401, "Missing or wrong API key");
				return false;
			}
			return true;
		}

		private void write(HttpServletResponse response, Object body) throws IOException {
			response.setContentType("application/json");
			SandboxPortal.this.json.writeValue(response.getOutputStream(), body);
		}

	}

	private record PortalRequest(String id, JsonNode submitted, AtomicInteger polls) {
	}

}
