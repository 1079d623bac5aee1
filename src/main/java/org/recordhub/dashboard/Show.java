package org.recordhub.dashboard;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.recordhub.request.LegState;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How the pages show states, events, times and money ({@code @show} in the templates).
 */
@Component("show")
class Show {

	private final DateTimeFormatter time;

	private final Clock clock;

	Show(@Value("${recordhub.escalation.zone:America/New_York}") ZoneId zone, java.time.Clock clock) {
		this.time = DateTimeFormatter.ofPattern("MMM d, yyyy HH:mm z", Locale.US).withZone(zone);
		this.clock = clock::instant;
	}

	public String time(Instant instant) {
		return (instant != null) ? this.time.format(instant) : "";
	}

	/** Whole days since then. */
	public long days(Instant since) {
		return (since != null) ? Duration.between(since, this.clock.now()).toDays() : 0;
	}

	public String money(BigDecimal amount) {
		return (amount != null) ? NumberFormat.getCurrencyInstance(Locale.US).format(amount) : "";
	}

	public String state(LegState state) {
		String words = state.name().replace('_', ' ').toLowerCase(Locale.ROOT);
		return Character.toUpperCase(words.charAt(0)) + words.substring(1);
	}

	/** The colour family of a state: done, waiting, attention, stopped, working. */
	public String tone(LegState state) {
		return switch (state) {
			case DELIVERED -> "done";
			case SUBMITTED, ACKNOWLEDGED, IN_PROGRESS -> "waiting";
			case AWAITING_FEE_APPROVAL, NEEDS_INFORMATION, AUTHORIZATION_REJECTED, INCOMPLETE -> "attention";
			case FAILED, CANCELLED, NO_RECORDS -> "stopped";
			default -> "working";
		};
	}

	/** An event type as words: {@code FOLLOW_UP_SENT} is "Follow up sent". */
	public String event(String type) {
		String words = type.replace('_', ' ').toLowerCase(Locale.ROOT);
		return Character.toUpperCase(words.charAt(0)) + words.substring(1);
	}

	public String shortId(String id) {
		return (id != null && id.length() > 8) ? id.substring(0, 8) : id;
	}

	private interface Clock {

		Instant now();

	}

}
