package org.recordhub.dashboard;

import org.recordhub.provider.Provider;
import org.recordhub.provider.ProviderDirectory;
import org.recordhub.provider.ProviderNotFoundException;
import org.recordhub.security.Caller;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Analytics and the provider directory: charts of how retrieval goes, each downloadable
 * as CSV. No patient data on these pages.
 */
@Controller
@RequestMapping("/dashboard")
class InsightPages {

	private final Analytics analytics;

	private final ProviderDirectory directory;

	InsightPages(Analytics analytics, ProviderDirectory directory) {
		this.analytics = analytics;
		this.directory = directory;
	}

	@GetMapping("/analytics")
	String analytics(@RequestParam(defaultValue = "365") int days, Model model) {
		model.addAttribute("days", days);
		model.addAttribute("charts", this.analytics.all(scope(), days));
		return "dashboard/analytics";
	}

	/**
	 * @param days legs sent in the last days, 0 for all
	 */
	@GetMapping(path = "/analytics/{id}.csv", produces = "text/csv")
	ResponseEntity<String> csv(@PathVariable String id, @RequestParam(defaultValue = "365") int days) {
		return csv(id, this.analytics.one(id, scope(), days));
	}

	@GetMapping("/providers")
	String providers(@RequestParam(required = false) String q, @RequestParam(required = false) String state,
			@RequestParam(required = false) String channel, Model model) {
		model.addAttribute("q", q);
		model.addAttribute("state", state);
		model.addAttribute("channel", channel);
		model.addAttribute("channels", ProviderDirectory.CHANNELS.stream().sorted().toList());
		model.addAttribute("found", this.directory.search(blankToNull(q), blankToNull(state), Provider.Role.PROVIDER,
				blankToNull(channel), 0, 100));
		return "dashboard/providers";
	}

	@GetMapping("/providers/{id}")
	String provider(@PathVariable String id, Model model) {
		model.addAttribute("provider", this.directory.find(id).orElseThrow(() -> new ProviderNotFoundException(id)));
		model.addAttribute("charts", this.analytics.provider(id));
		return "dashboard/provider";
	}

	@GetMapping(path = "/providers/{id}/{chart}.csv", produces = "text/csv")
	ResponseEntity<String> providerCsv(@PathVariable String id, @PathVariable String chart) {
		return this.analytics.provider(id)
			.stream()
			.filter((c) -> c.id().equals(chart))
			.findFirst()
			.map((c) -> csv(id + "-" + chart, c))
			.orElseThrow(() -> new ProviderNotFoundException(id));
	}

	/** A requester's analytics count its own organisation's requests only. */
	private static String scope() {
		Caller caller = Caller.current();
		return caller.seesAllOrganizations() ? null : caller.organizationId();
	}

	private static ResponseEntity<String> csv(String name, Chart chart) {
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType("text/csv"))
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".csv\"")
			.body(chart.csv());
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.trim();
	}

}
