package org.recordhub.escalation;

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
