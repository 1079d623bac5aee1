package org.recordhub.channel;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.recordhub.document.DocumentStore;
import org.recordhub.document.TextPdf;
import org.recordhub.provider.ProviderDirectory;
import org.recordhub.request.ProviderLeg;
import org.recordhub.request.RequestDetails;
import org.recordhub.request.RequestService;
import org.recordhub.request.RetrievalRequest;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The packet a provider receives for one leg: a cover letter PDF, the signed
 * authorization, and a JSON manifest. File names start with the leg id, which is how
 * records sent back are matched to the leg.
 */
@Component("requestPackets")
public class RequestPackets {

	private final RequestService requests;

	private final ProviderDirectory directory;

	private final DocumentStore documents;

	private final JsonMapper json;

	RequestPackets(RequestService requests, ProviderDirectory directory, DocumentStore documents, JsonMapper json) {
		this.requests = requests;
		this.directory = directory;
		this.documents = documents;
		this.json = json;
	}

	public List<PacketFile> build(ProviderLeg leg) {
		return build(leg, null, null);
	}

	/**
	 * The packet, or with a follow-up number a follow-up: a letter asking where the
	 * request stands (with the note, if any: a fee approval, the requester's answer), the
	 * authorization again, and the manifest marked as a follow-up.
	 */
	public List<PacketFile> build(ProviderLeg leg, Integer followUp, String note) {
		RetrievalRequest request = this.requests.load(leg.requestId());
		RequestDetails details = request.details();
		String provider = this.directory.name(leg.providerId());
		String requester = this.directory.name(request.organizationId());
		List<PacketFile> files = new ArrayList<>();
		if (followUp != null) {
			files.add(new PacketFile(leg.id() + "-follow-up-" + followUp + ".pdf",
					TextPdf.render("Follow-up on request " + leg.id(),
							followUpLetter(request, leg, provider, requester, followUp, note))));
		}
		files.add(new PacketFile(leg.id() + "-cover-letter.pdf", TextPdf
			.render("Request for medical records " + leg.id(), coverLetter(request, leg, provider, requester))));
		if (details.authorizationDocumentSha256() != null) {
			files.add(new PacketFile(leg.id() + "-authorization.pdf",
					this.documents.get(details.authorizationDocumentSha256())));
		}
		Map<String, Object> manifest = new LinkedHashMap<>();
		manifest.put("requestId", request.id());
		manifest.put("legId", leg.id());
		manifest.put("requester", requester);
		manifest.put("provider", provider);
		manifest.put("patient", details.patient());
		manifest.put("dateRange", details.dateRange());
		manifest.put("recordTypes", details.recordTypes());
		manifest.put("purpose", request.purpose());
		manifest.put("priority", request.priority());
		if (followUp != null) {
			manifest.put("followUp", followUp);
		}
		manifest.put("files", files.stream().map(PacketFile::name).toList());
		manifest.put("returnInstructions", returnInstructions(leg));
		// the manifest goes last: a provider may take its arrival as "the packet is
		// complete"
		files.add(new PacketFile(leg.id() + "-manifest.json", this.json.writeValueAsBytes(manifest)));
		return files;
	}

	private static String coverLetter(RetrievalRequest request, ProviderLeg leg, String provider, String requester) {
		RequestDetails details = request.details();
		DateTimeFormatter date = DateTimeFormatter.ISO_LOCAL_DATE;
		return String.join("\n", "# REQUEST FOR MEDICAL RECORDS", "", "To: " + provider + " - Release of Information",
				"From: " + requester + " (via RecordHub)", "Date: " + LocalDate.now(ZoneOffset.UTC).format(date), "",
				"Request ID: " + request.id(), "Leg ID: " + leg.id(), "Priority: " + request.priority(),
				"Purpose: " + request.purpose(), "", "# Patient", "Name: " + details.patient().displayName(),
				"Date of birth: " + details.patient().birthDate().format(date),
				details.patient().identifiers().isEmpty() ? ""
						: "Identifiers: " + String.join(", ",
								details.patient().identifiers().stream().map((i) -> i.value()).toList()),
				"", "# Records requested", "Dates of service: " + details.dateRange(),
				"Record types: " + (details.recordTypes().isEmpty() ? "all" : String.join(", ", details.recordTypes())),
				"", "# Authorization",
				(details.authorizationDocumentSha256() != null)
						? "The patient's signed HIPAA authorization is enclosed (" + leg.id() + "-authorization.pdf)."
						: "The signed authorization will follow separately.",
				"", "# How to return the records", returnInstructions(leg));
	}

	private static String followUpLetter(RetrievalRequest request, ProviderLeg leg, String provider, String requester,
			int followUp, String note) {
		return String.join("\n", "# FOLLOW-UP #" + followUp + ": REQUEST FOR MEDICAL RECORDS", "",
				"To: " + provider + " - Release of Information", "From: " + requester + " (via RecordHub)",
				"Date: " + LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE), "",
				"Request ID: " + request.id(), "Leg ID: " + leg.id(), "",
				"We have not yet received the records requested in the enclosed letter. Please tell us where the "
						+ "request stands, or send the records as described there.",
				(note != null && !note.isBlank()) ? "\n" + note : "");
	}

	private static String returnInstructions(ProviderLeg leg) {
		return "Place the records as PDF files in your SFTP outbox, each file name starting with " + leg.id()
				+ " (for example " + leg.id() + "-records.pdf). Quote the leg ID in any correspondence.";
	}

	/** One file of the packet. */
	public record PacketFile(String name, byte[] content) {
	}

}
