package org.recordhub.escalation;

import java.time.Clock;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.recordhub.provider.Provider;
import org.recordhub.provider.ProviderDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One pass of the follow-up and escalation timer: finds the waiting legs whose check is
 * due (through the {@code next_action_at} index, a batch at a time, so memory does not
 * grow with the number of legs), asks the escalation rules what to do for each, takes
 * those actions once each, and sets each leg's next check: the next business day, or none
 * once it no longer waits. Quartz runs it on one node of the cluster at a time
 * ({@link EscalationScheduling}); the action keys make even two concurrent passes safe.
 */
@Component
public class EscalationPass {

	private static final Logger logger = LoggerFactory.getLogger(EscalationPass.class);

	private final EscalationRepository repository;

	private final EscalationRules rules;

	private final EscalationActions actions;

	private final ProviderDirectory directory;

	private final TransactionTemplate transaction;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final LocalTime checkAt;

	private final int batchSize;

	EscalationPass(EscalationRepository repository, EscalationRules rules, EscalationActions actions,
			ProviderDirectory directory, TransactionTemplate transaction, JdbcClient jdbc, Clock clock,
			@Value("${recordhub.escalation.check-at:08:00}") LocalTime checkAt,
			@Value("${recordhub.escalation.batch-size:500}") int batchSize) {
		this.repository = repository;
		this.rules = rules;
		this.actions = actions;
		this.directory = directory;
		this.transaction = transaction;
		this.jdbc = jdbc;
		this.clock = clock;
		this.checkAt = checkAt;
		this.batchSize = batchSize;
	}

	/** Checks every due leg once. */
	public Result run() {
		Instant now = this.clock.instant();
		Map<String, Optional<Provider>> organizations = new HashMap<>();
		int checked = 0;
		int taken = 0;
		while (true) {
			List<EscalationRepository.DueLeg> due = this.repository.due(now, this.batchSize);
			if (due.isEmpty()) {
				break;
			}
			List<LegHistory> histories = new ArrayList<>();
			for (EscalationRepository.DueLeg leg : due) {
				histories.add(history(leg, organizations));
			}
			EscalationRules.Decisions decisions = this.rules.decide(histories, now);
			try {
				taken += this.transaction.execute((status) -> act(due, decisions, now, organizations));
			}
			catch (RuntimeException ex) {
				// one leg's failure must not hold up the others: again one leg at a time
				logger.warn("Escalation batch failed ({}); retrying its {} legs one by one", ex.getMessage(),
						due.size());
				for (EscalationRepository.DueLeg leg : due) {
					try {
						taken += this.transaction.execute((status) -> act(List.of(leg), decisions, now, organizations));
					}
					catch (RuntimeException legFailure) {
						logger.warn("Leg {}: escalation actions failed, checked again at its next check: {}", leg.id(),
								legFailure.getMessage());
						this.transaction.executeWithoutResult(
								(status) -> reschedule(nextCheck(leg, now, organizations), List.of(leg.id())));
					}
				}
			}
			checked += due.size();
		}
		if (checked > 0) {
			logger.info("Escalation pass: {} leg(s) checked, {} action(s) taken", checked, taken);
		}
		return new Result(checked, taken);
	}

	private int act(List<EscalationRepository.DueLeg> legs, EscalationRules.Decisions decisions, Instant now,
			Map<String, Optional<Provider>> organizations) {
		int taken = 0;
		Map<Instant, List<String>> nextChecks = new HashMap<>();
		for (EscalationRepository.DueLeg leg : legs) {
			for (EscalationAction action : decisions.actions().getOrDefault(leg.id(), List.of())) {
				this.actions.take(leg, action, now, decisions.ruleSetVersion(), decisions.rulesFired());
				taken++;
			}
			nextChecks.computeIfAbsent(nextCheck(leg, now, organizations), (at) -> new ArrayList<>()).add(leg.id());
		}
		nextChecks.forEach(this::reschedule);
		return taken;
	}

	/**
	 * The next business day's check (the next day's for a patient's access request, whose
	 * clock counts calendar days: its deadlines fall on weekends too).
	 */
	private Instant nextCheck(EscalationRepository.DueLeg leg, Instant now,
			Map<String, Optional<Provider>> organizations) {
		String jurisdiction = organization(leg.providerId(), organizations).map(Provider::state).orElse(null);
		LocalDate today = now.atZone(this.rules.zone()).toLocalDate();
		return ("AT_REQUEST_OF_INDIVIDUAL".equals(leg.purpose()) ? today.plusDays(1)
				: this.rules.calendar().nextBusinessDay(today, jurisdiction))
			.atTime(this.checkAt)
			.atZone(this.rules.zone())
			.toInstant();
	}

	/** Sets the legs' next check while they wait; none once they do not. */
	private void reschedule(Instant next, List<String> legIds) {
		this.jdbc.sql("""
				update provider_leg set next_action_at = case when state in
				  ('SUBMITTED', 'ACKNOWLEDGED', 'AWAITING_FEE_APPROVAL', 'NEEDS_INFORMATION', 'IN_PROGRESS')
				  then cast(:next as timestamp with time zone) else null end
				where id in (:ids)""").param("next", Timestamp.from(next)).param("ids", legIds).update();
	}

	private LegHistory history(EscalationRepository.DueLeg leg, Map<String, Optional<Provider>> organizations) {
		Optional<Provider> provider = organization(leg.providerId(), organizations);
		Optional<Provider> requester = organization(leg.organizationId(), organizations);
		return new LegHistory(leg.id(), leg.state(), leg.channel(), leg.purpose(), leg.priority(),
				provider.map(Provider::state).orElse(null), leg.submittedAt(), leg.stateSince(), leg.followUps(),
				leg.followUpsOnChannel(), leg.lastFollowUpAt(), leg.lastContactAt(), leg.requesterAskedAt(),
				leg.escalationLevel(), leg.overdue(), leg.extended(), leg.hasFallback(),
				provider.map(Provider::terms).map(Provider.Terms::typicalTurnaroundDays).orElse(null), leg.feeQuote(),
				requester.map(Provider::terms).map(Provider.Terms::preApprovedFeeLimit).orElse(null));
	}

	private Optional<Provider> organization(String id, Map<String, Optional<Provider>> organizations) {
		return organizations.computeIfAbsent(id, this.directory::find);
	}

	/**
	 * @param checked legs whose check was due
	 * @param taken actions the rules decided (each taken once, whichever pass got there
	 * first)
	 */
	public record Result(int checked, int taken) {
	}

}
