package org.recordhub.escalation;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the escalation rules decide for a waiting leg now.
 *
 * @param type FOLLOW_UP, SWITCH_CHANNEL, ESCALATE, NOTIFY_REQUESTER, MARK_OVERDUE,
 * CLOSE_NO_RECORDS, APPROVE_FEE or ASK_REQUESTER
 * @param level the escalation level (1: HIM staff; 2: a supervisor and the requester), 0
 * for other actions
 * @param reason why, in words for the timeline
 * @param citation the regulation behind it, if any
 */
public record EscalationAction(String legId, String type, int level, String reason, String citation) {

	public EscalationAction(String legId, String type, int level, String reason) {
		this(legId, type, level, reason, null);
	}

	/** The reason with the regulation behind it, as the timeline says it. */
	public String why() {
		return this.reason + ((this.citation != null) ? " (" + this.citation + ")" : "");
	}

	/**
	 * The same action taken for this reason and another's at once (an escalation to HIM
	 * staff both 15 business days and 20 calendar days into a patient's HIPAA clock): one
	 * action naming both, the one a regulation stands behind first.
	 */
	EscalationAction alongside(EscalationAction other) {
		List<EscalationAction> both = Stream.of(this, other)
			.sorted(Comparator.comparing((EscalationAction action) -> action.citation == null)
				.thenComparing(EscalationAction::reason))
			.toList();
		return new EscalationAction(this.legId, this.type, this.level, both.get(0).why() + "; " + both.get(1).why(),
				null);
	}

	public String getLegId() {
		return this.legId;
	}

	public String getType() {
		return this.type;
	}

	public int getLevel() {
		return this.level;
	}

}
