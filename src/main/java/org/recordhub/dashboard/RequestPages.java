package org.recordhub.dashboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.recordhub.authorization.AuthorizationPdfForm;
import org.recordhub.authorization.AuthorizationStage;
import org.recordhub.authorization.Verdict;
import org.recordhub.document.DocumentStore;
import org.recordhub.document.DocumentTypes;
import org.recordhub.document.ReceivedFile;
import org.recordhub.document.ReceivedFileRepository;
import org.recordhub.document.ReceivedFiles;
import org.recordhub.document.RecordDocumentRepository;
import org.recordhub.escalation.LegAnswers;
import org.recordhub.provider.Provider;
import org.recordhub.provider.ProviderDirectory;
import org.recordhub.request.DateRange;
import org.recordhub.request.LegClock;
import org.recordhub.request.LegState;
import org.recordhub.request.Legs;
import org.recordhub.request.Patient;
import org.recordhub.request.Priority;
import org.recordhub.request.ProviderLeg;
import org.recordhub.request.RequestFilter;
import org.recordhub.request.RequestNotFoundException;
import org.recordhub.request.RequestService;
import org.recordhub.request.RequestStatus;
import org.recordhub.request.RetrievalRequest;
import org.recordhub.request.RetrievalRequestForm;
import org.recordhub.security.Caller;
import org.recordhub.tracking.EventLog;
import org.recordhub.tracking.TimelineEvent;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Requests: the filtered list, one request's detail with a live panel per provider leg,
 * the answers a leg waits for, and a form to submit a new request.
 */
@Controller
@RequestMapping("/dashboard")
class RequestPages {

	private static final int PAGE_SIZE = 25;

	private final RequestService requests;

	private final EventLog events;

	private final ProviderDirectory directory;

	private final RecordDocumentRepository documents;

	private final ReceivedFileRepository files;

	private final DocumentStore store;

	private final DocumentTypes documentTypes;

	private final AuthorizationStage authorization;

	private final AuthorizationPdfForm form;

	private final LegAnswers answers;

	private final Legs legs;

	private final PageViews views;

	private final Actions actions;

	RequestPages(RequestService requests, EventLog events, ProviderDirectory directory,
			RecordDocumentRepository documents, ReceivedFileRepository files, DocumentStore store,
			DocumentTypes documentTypes, AuthorizationStage authorization, AuthorizationPdfForm form,
			LegAnswers answers, Legs legs, PageViews views, Actions actions) {
		this.requests = requests;
		this.events = events;
		this.directory = directory;
		this.documents = documents;
		this.files = files;
		this.store = store;
		this.documentTypes = documentTypes;
		this.authorization = authorization;
		this.form = form;
		this.answers = answers;
		this.legs = legs;
		this.views = views;
		this.actions = actions;
	}

	@GetMapping("/requests")
	String list(@ModelAttribute("filter") Filter filter, Model model) {
		Caller caller = Caller.current();
		RequestService.Page page = this.requests.search(caller, filter.toRequestFilter(), filter.pageOrFirst(),
				PAGE_SIZE);
		List<Row> rows = page.items().stream().map(this::row).toList();
		this.views.list(page.items().stream().map(RetrievalRequest::id).toList(), caller, "Request list");
		model.addAttribute("rows", rows);
		model.addAttribute("page", page);
		model.addAttribute("pages", (int) Math.max(1, (page.totalItems() + PAGE_SIZE - 1) / PAGE_SIZE));
		model.addAttribute("stateCounts", this.requests.legStates(caller));
		model.addAttribute("statuses", RequestStatus.values());
		model.addAttribute("providers", providers());
		return "dashboard/requests";
	}

	@GetMapping("/requests/{id}")
	String detail(@PathVariable String id, Model model) {
		Caller caller = Caller.current();
		RetrievalRequest request = this.requests.get(id, caller);
		this.views.request(id, caller, "Request detail");
		fill(model, request, caller);
		return "dashboard/request";
	}

	/** The leg panels alone, for the page's live refresh. */
	@GetMapping("/requests/{id}/legs")
	String legs(@PathVariable String id, Model model) {
		Caller caller = Caller.current();
		fill(model, this.requests.get(id, caller), caller);
		return "dashboard/request :: legs";
	}

	/**
	 * Changes whenever something happens to the request (views aside): the page polls it
	 * and refreshes its legs when it moves.
	 */
	@GetMapping(path = "/requests/{id}/version", produces = MediaType.TEXT_PLAIN_VALUE)
	@ResponseBody
	String version(@PathVariable String id) {
		this.requests.get(id, Caller.current());
		return String.valueOf(this.events.latestId(id, PageViews.VIEWED));
	}

	@PostMapping("/requests/{id}/cancel")
	@PreAuthorize("hasAnyRole('REQUESTER', 'HIM_STAFF', 'ADMIN')")
	String cancel(@PathVariable String id, RedirectAttributes redirect) {
		return this.actions.run(redirect, "/dashboard/requests/" + id, "Every open leg was cancelled.",
				() -> this.requests.cancel(id, Caller.current()));
	}

	@PostMapping("/requests/{id}/legs/{legId}/fee")
	@PreAuthorize("hasAnyRole('REQUESTER', 'HIM_STAFF')")
	String fee(@PathVariable String id, @PathVariable String legId, @RequestParam boolean approved,
			@RequestParam(required = false) String note, @RequestParam(required = false) String back,
			RedirectAttributes redirect) {
		return this.actions.run(redirect, Actions.back(back, "/dashboard/requests/" + id),
				approved ? "Fee approved: the provider is told." : "Fee declined: the leg is cancelled.",
				() -> this.answers.feeApproval(id, legId, approved, note, Caller.current()));
	}

	@PostMapping("/requests/{id}/legs/{legId}/information")
	@PreAuthorize("hasAnyRole('REQUESTER', 'HIM_STAFF')")
	String information(@PathVariable String id, @PathVariable String legId, @RequestParam String answer,
			RedirectAttributes redirect) {
		return this.actions.run(redirect, "/dashboard/requests/" + id, "Your answer is on its way to the provider.",
				() -> {
					if (answer.isBlank()) {
						throw new IllegalArgumentException("Write the answer to the provider's question.");
					}
					this.answers.information(id, legId, answer, Caller.current());
				});
	}

	@PostMapping("/requests/{id}/legs/{legId}/extension")
	@PreAuthorize("hasAnyRole('HIM_STAFF', 'ADMIN')")
	String extension(@PathVariable String id, @PathVariable String legId, @RequestParam String reason,
			RedirectAttributes redirect) {
		return this.actions.run(redirect, "/dashboard/requests/" + id, "The HIPAA access clock is extended by 30 days.",
				() -> {
					if (reason.isBlank()) {
						throw new IllegalArgumentException("Give the reason for the extension.");
					}
					this.answers.extension(id, legId, reason, Caller.current());
				});
	}

	@PostMapping("/requests/{id}/legs/{legId}/retry")
	@PreAuthorize("hasAnyRole('HIM_STAFF', 'ADMIN')")
	String retry(@PathVariable String id, @PathVariable String legId, @RequestParam(required = false) String back,
			RedirectAttributes redirect) {
		return this.actions.run(redirect, Actions.back(back, "/dashboard/requests/" + id), "The leg is tried again.",
				() -> this.requests.retry(id, legId, Caller.current()));
	}

	@GetMapping("/requests/new")
	@PreAuthorize("hasRole('REQUESTER')")
	String newRequest(@ModelAttribute("form") NewRequest form, Model model) {
		model.addAttribute("providers", providers());
		// the types RecordHub tells documents apart by
		// (rules/documents/document-types.csv)
		model.addAttribute("recordTypes",
				Stream.concat(Stream.of("ALL"), this.documentTypes.types().stream().map(DocumentTypes.Type::recordType))
					.toList());
		return "dashboard/new-request";
	}

	@PostMapping("/requests/new")
	@PreAuthorize("hasRole('REQUESTER')")
	String submit(@ModelAttribute("form") NewRequest form, @RequestParam("authorizationPdf") MultipartFile pdf,
			Model model) throws IOException {
		List<String> problems = form.problems(pdf);
		if (problems.isEmpty()) {
			try {
				RetrievalRequest request = this.requests.submit(form.toForm(pdf.getBytes()), Caller.current());
				return "redirect:/dashboard/requests/" + request.id();
			}
			catch (RuntimeException ex) {
				problems = List.of(Actions.message(ex));
			}
		}
		model.addAttribute("problems", problems);
		return newRequest(form, model);
	}

	@GetMapping(path = "/authorization-form", produces = MediaType.APPLICATION_PDF_VALUE)
	ResponseEntity<byte[]> blankForm() {
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"recordhub-authorization.pdf\"")
			.body(this.form.blank());
	}

	/** A received file's searchable PDF (the viewing is recorded). */
	@GetMapping(path = "/files/{fileId}/pdf", produces = MediaType.APPLICATION_PDF_VALUE)
	ResponseEntity<byte[]> pdf(@PathVariable String fileId) {
		Caller caller = Caller.current();
		VisibleFile visible = visibleFile(fileId, caller);
		ProviderLeg leg = visible.leg();
		this.views.leg(leg.requestId(), leg.id(), leg.providerId(), caller, "Records PDF " + fileId);
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + fileId + ".pdf\"")
			.cacheControl(CacheControl.noStore())
			.body(this.store.get(visible.file().deliveredSha256()));
	}

	/** A small picture of one page (1 is the first) of a received file. */
	@GetMapping(path = "/files/{fileId}/pages/{page}.png", produces = MediaType.IMAGE_PNG_VALUE)
	ResponseEntity<byte[]> thumbnail(@PathVariable String fileId, @PathVariable int page) throws IOException {
		ReceivedFile file = visibleFile(fileId, Caller.current()).file();
		try (PDDocument pdf = Loader.loadPDF(this.store.get(file.deliveredSha256()))) {
			int index = Math.max(0, Math.min(page - 1, pdf.getNumberOfPages() - 1));
			ByteArrayOutputStream png = new ByteArrayOutputStream();
			ImageIO.write(new PDFRenderer(pdf).renderImageWithDPI(index, 20), "png", png);
			return ResponseEntity.ok().cacheControl(CacheControl.noCache().cachePrivate()).body(png.toByteArray());
		}
	}

	/**
	 * A file of a request the caller may see, with its leg; requesters see only files
	 * read as their records (never one held as a possible misfile).
	 */
	private VisibleFile visibleFile(String fileId, Caller caller) {
		ReceivedFile file = this.files.find(fileId).orElseThrow(() -> new RequestNotFoundException(fileId));
		if (file.legId() == null) {
			throw new RequestNotFoundException(fileId);
		}
		ProviderLeg leg = this.legs.find(file.legId()).orElseThrow(() -> new RequestNotFoundException(fileId));
		this.requests.get(leg.requestId(), caller);
		if (!caller.seesAllOrganizations() && file.status() != ReceivedFile.Status.PROCESSED) {
			throw new RequestNotFoundException(fileId);
		}
		return new VisibleFile(file, leg);
	}

	private void fill(Model model, RetrievalRequest request, Caller caller) {
		List<TimelineEvent> timeline = this.events.forRequest(request.id());
		Map<String, LegClock> clocks = this.requests.clocks(request.id());
		List<LegPanel> panels = new ArrayList<>();
		for (ProviderLeg leg : request.legs()) {
			List<ReceivedFile> legFiles = this.files.forLeg(leg.id());
			panels.add(new LegPanel(leg, this.directory.name(leg.providerId()), clocks.get(leg.id()),
					timeline.stream()
						.filter((event) -> leg.id().equals(event.legId()) && !PageViews.VIEWED.equals(event.type()))
						.toList(),
					this.documents.forLeg(leg.id()),
					caller.seesAllOrganizations() ? legFiles
							: legFiles.stream().filter((f) -> f.status() == ReceivedFile.Status.PROCESSED).toList(),
					this.authorization.explain(leg)));
		}
		model.addAttribute("retrieval", request);
		model.addAttribute("title", "Request " + request.id().substring(0, 8));
		model.addAttribute("panels", panels);
		model.addAttribute("requestEvents",
				timeline.stream()
					.filter((event) -> event.legId() == null && !PageViews.VIEWED.equals(event.type()))
					.toList());
		List<TimelineEvent> accessLog = new ArrayList<>(
				timeline.stream().filter((event) -> PageViews.VIEWED.equals(event.type())).toList());
		java.util.Collections.reverse(accessLog);
		model.addAttribute("accessLog", accessLog);
		model.addAttribute("version", this.events.latestId(request.id(), PageViews.VIEWED));
		model.addAttribute("open", request.legs().stream().anyMatch((leg) -> !leg.state().isSettled()));
	}

	private Row row(RetrievalRequest request) {
		Map<String, LegClock> clocks = this.requests.clocks(request.id());
		return new Row(request,
				request.legs()
					.stream()
					.map((leg) -> new Strip(leg, this.directory.name(leg.providerId()), clocks.get(leg.id())))
					.toList(),
				clocks.values().stream().anyMatch(LegClock::overdue),
				clocks.values().stream().mapToInt(LegClock::escalationLevel).max().orElse(0));
	}

	private List<Provider> providers() {
		return this.directory.search(null, null, Provider.Role.PROVIDER, null, 0, 500)
			.items()
			.stream()
			.filter(Provider::active)
			.toList();
	}

	/** The list's filter, as the form sends it. */
	static class Filter {

		private RequestStatus status;

		private String provider;

		private String organization;

		private Integer olderThanDays;

		private String flag;

		private String patient;

		private Integer page;

		RequestFilter toRequestFilter() {
			return new RequestFilter(this.status, this.provider, blankToNull(this.organization), this.olderThanDays,
					"overdue".equals(this.flag), "escalated".equals(this.flag), blankToNull(this.patient));
		}

		int pageOrFirst() {
			return (this.page != null && this.page > 0) ? this.page : 0;
		}

		private static String blankToNull(String text) {
			return (text == null || text.isBlank()) ? null : text.trim();
		}

		public RequestStatus getStatus() {
			return this.status;
		}

		public void setStatus(RequestStatus status) {
			this.status = status;
		}

		public String getProvider() {
			return this.provider;
		}

		public void setProvider(String provider) {
			this.provider = provider;
		}

		public String getOrganization() {
			return this.organization;
		}

		public void setOrganization(String organization) {
			this.organization = organization;
		}

		public Integer getOlderThanDays() {
			return this.olderThanDays;
		}

		public void setOlderThanDays(Integer olderThanDays) {
			this.olderThanDays = olderThanDays;
		}

		public String getFlag() {
			return this.flag;
		}

		public void setFlag(String flag) {
			this.flag = flag;
		}

		public String getPatient() {
			return this.patient;
		}

		public void setPatient(String patient) {
			this.patient = patient;
		}

		public Integer getPage() {
			return this.page;
		}

		public void setPage(Integer page) {
			this.page = page;
		}

	}

	/** The browser's request form; the authorization fields are read from the PDF. */
	static class NewRequest {

		private String given;

		private String family;

		private LocalDate birthDate;

		private String mrn;

		private List<String> providers = new ArrayList<>();

		private LocalDate from;

		private LocalDate to;

		private List<String> recordTypes = new ArrayList<>(List.of("ALL"));

		private String purpose = "LITIGATION";

		private Priority priority = Priority.ROUTINE;

		List<String> problems(MultipartFile pdf) {
			List<String> problems = new ArrayList<>();
			if (this.family == null || this.family.isBlank()) {
				problems.add("Give the patient's family name.");
			}
			if (this.birthDate == null) {
				problems.add("Give the patient's date of birth.");
			}
			if (this.providers.isEmpty()) {
				problems.add("Choose at least one provider.");
			}
			if (this.from == null || this.to == null || this.to.isBefore(this.from)) {
				problems.add("Give the date range of the records, from before to.");
			}
			if (pdf == null || pdf.isEmpty()) {
				problems.add("Attach the signed authorization (RecordHub's filled form, PDF).");
			}
			return problems;
		}

		RetrievalRequestForm toForm(byte[] pdf) {
			List<String> givenNames = (this.given == null || this.given.isBlank()) ? List.of()
					: List.of(this.given.trim().split("\\s+"));
			List<Patient.Identifier> identifiers = (this.mrn == null || this.mrn.isBlank()) ? List.of()
					: List.of(new Patient.Identifier(null, this.mrn.trim()));
			return new RetrievalRequestForm(
					new Patient(new Patient.Name(givenNames, this.family.trim()), this.birthDate, identifiers), null,
					Base64.getEncoder().encodeToString(pdf), null, this.providers, new DateRange(this.from, this.to),
					this.recordTypes, null, this.purpose, this.priority, null);
		}

		public String getGiven() {
			return this.given;
		}

		public void setGiven(String given) {
			this.given = given;
		}

		public String getFamily() {
			return this.family;
		}

		public void setFamily(String family) {
			this.family = family;
		}

		public LocalDate getBirthDate() {
			return this.birthDate;
		}

		public void setBirthDate(LocalDate birthDate) {
			this.birthDate = birthDate;
		}

		public String getMrn() {
			return this.mrn;
		}

		public void setMrn(String mrn) {
			this.mrn = mrn;
		}

		public List<String> getProviders() {
			return this.providers;
		}

		public void setProviders(List<String> providers) {
			this.providers = providers;
		}

		public LocalDate getFrom() {
			return this.from;
		}

		public void setFrom(LocalDate from) {
			this.from = from;
		}

		public LocalDate getTo() {
			return this.to;
		}

		public void setTo(LocalDate to) {
			this.to = to;
		}

		public List<String> getRecordTypes() {
			return this.recordTypes;
		}

		public void setRecordTypes(List<String> recordTypes) {
			this.recordTypes = recordTypes;
		}

		public String getPurpose() {
			return this.purpose;
		}

		public void setPurpose(String purpose) {
			this.purpose = purpose;
		}

		public Priority getPriority() {
			return this.priority;
		}

		public void setPriority(Priority priority) {
			this.priority = priority;
		}

	}

	record VisibleFile(ReceivedFile file, ProviderLeg leg) {
	}

	record Row(RetrievalRequest request, List<Strip> legs, boolean overdue, int escalationLevel) {
	}

	record Strip(ProviderLeg leg, String providerName, LegClock clock) {
	}

	/**
	 * One provider leg: its clock, its own timeline, the documents found, the files
	 * received and its authorization explained.
	 */
	record LegPanel(ProviderLeg leg, String providerName, LegClock clock, List<TimelineEvent> timeline,
			List<RecordDocumentRepository.RecordDocument> documents, List<ReceivedFile> files, Verdict verdict) {

		public boolean waiting() {
			return this.leg.state().isWaiting();
		}

		public boolean retryable() {
			return Set.of(LegState.FAILED, LegState.COMPLETE, LegState.INCOMPLETE).contains(this.leg.state());
		}

	}

}
