package org.recordhub.dashboard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.recordhub.authorization.AuthorizationCheck;
import org.recordhub.authorization.AuthorizationRules;
import org.recordhub.authorization.AuthorizationStage;
import org.recordhub.authorization.Scenarios;
import org.recordhub.channel.ChannelRules;
import org.recordhub.escalation.EscalationRules;
import org.recordhub.request.ProviderLeg;
import org.recordhub.request.RequestService;
import org.recordhub.rules.LiveRuleSet;
import org.recordhub.security.Caller;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * For compliance staff: the rule sets in force, how their last reload went, every
 * scenario's result, and "explain": an authorization checked with the findings, their
 * citations and the rules that fired.
 */
@Controller
@RequestMapping("/dashboard/rules")
@PreAuthorize("hasAnyRole('COMPLIANCE', 'HIM_STAFF', 'ADMIN')")
class RulePages {

	private final AuthorizationRules authorization;

	private final ChannelRules channels;

	private final EscalationRules escalation;

	private final AuthorizationStage stage;

	private final RequestService requests;

	private final JsonMapper json;

	private final java.nio.file.Path scenarios;

	private final PageViews views;

	RulePages(AuthorizationRules authorization, ChannelRules channels, EscalationRules escalation,
			AuthorizationStage stage, RequestService requests, JsonMapper json,
			@Value("${recordhub.rules.directory}") java.nio.file.Path rules, PageViews views) {
		this.authorization = authorization;
		this.channels = channels;
		this.escalation = escalation;
		this.stage = stage;
		this.requests = requests;
		this.json = json;
		this.scenarios = rules.resolve("authorization/scenarios");
		this.views = views;
	}

	@GetMapping
	String rules(@RequestParam(required = false) String scenario, Model model) {
		Map<String, RuleSetView> sets = new LinkedHashMap<>();
		sets.put("authorization",
				new RuleSetView("HIPAA authorization", this.authorization.status(), this.authorization.scenarios()));
		sets.put("channel", new RuleSetView("Channel choice", this.channels.status(), this.channels.scenarios()));
		sets.put("escalation",
				new RuleSetView("Follow-ups and escalation", this.escalation.status(), this.escalation.scenarios()));
		model.addAttribute("sets", sets);
		List<Scenarios.Scenario> examples = Scenarios.load(this.scenarios).all();
		model.addAttribute("examples", examples);
		if (!model.containsAttribute("authorizationJson")) {
			AuthorizationCheck example = examples.stream()
				.filter((s) -> s.name().equals(scenario))
				.findFirst()
				.or(() -> examples.stream().findFirst())
				.map(Scenarios.Scenario::check)
				.orElse(null);
			model.addAttribute("authorizationJson",
					(example != null) ? this.json.writerWithDefaultPrettyPrinter().writeValueAsString(example) : "");
		}
		return "dashboard/rules";
	}

	/** Explains an authorization pasted as JSON, or the one of a request's leg. */
	@PostMapping("/explain")
	String explain(@RequestParam(required = false) String authorizationJson,
			@RequestParam(required = false) String requestId, Model model) {
		try {
			if (requestId != null && !requestId.isBlank()) {
				Caller caller = Caller.current();
				ProviderLeg leg = this.requests.get(requestId.trim(), caller).legs().get(0);
				this.views.request(leg.requestId(), caller, "Authorization (explain)");
				model.addAttribute("explained", "the authorization of request " + requestId.trim() + " at "
						+ leg.providerId() + ", under its state's law");
				model.addAttribute("verdict", this.stage.explain(leg));
			}
			else {
				AuthorizationCheck check = this.json.readValue(authorizationJson, AuthorizationCheck.class);
				if (check.authorization() == null) {
					throw new IllegalArgumentException("The JSON has no \"authorization\".");
				}
				model.addAttribute("explained", "the authorization pasted");
				model.addAttribute("verdict", this.authorization.check(check));
			}
		}
		catch (org.recordhub.request.RequestNotFoundException ex) {
			model.addAttribute("problem", "No request " + requestId + " is here for you to see.");
		}
		catch (RuntimeException ex) {
			model.addAttribute("problem", "Not an authorization check: " + ex.getMessage());
		}
		model.addAttribute("authorizationJson", authorizationJson);
		return rules(null, model);
	}

	record RuleSetView(String title, LiveRuleSet.Status status, List<LiveRuleSet.Scenario> scenarios) {

		public long failed() {
			return this.scenarios.stream().filter((s) -> !s.passed()).count();
		}

	}

}
