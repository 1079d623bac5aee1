package org.recordhub.system;

/**
 * The durable queues between stages (ARCHITECTURE §1). Each message body is the id of the
 * leg or received file the stage works on.
 */
public final class Queues {

	public static final String AUTHORIZE = "recordhub.authorize";

	public static final String CORRELATE = "recordhub.correlate";

	public static final String PROCESS = "recordhub.process";

	public static final String DELIVER = "recordhub.deliver";

	public static final String DEAD_LETTER = "recordhub.dead-letter";

	/**
	 * Header with the id of the leg a message is about (the dead-letter route fails that
	 * leg).
	 */
	public static final String LEG_ID = "recordhubLegId";

	/**
	 * Header that keeps the messages about one leg on one consumer at a time (an Artemis
	 * message group): a leg is never delivered by two consumers at once, while other legs
	 * are delivered beside it.
	 */
	public static final String GROUP = "JMSXGroupID";

	/**
	 * The provider id of a shared route: one route per channel that serves every provider
	 * without a route of its own, addressed from the directory (a fax number, say).
	 */
	public static final String SHARED = "shared";

	private Queues() {
	}

	/** The queue a provider's outbound route for a channel consumes. */
	public static String dispatch(String channel, String providerId) {
		return "recordhub.dispatch." + channel + "." + providerId;
	}

	public static String uri(String queue) {
		return "jms:queue:" + queue;
	}

}
