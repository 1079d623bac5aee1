package org.recordhub;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * RecordHub's clock in tests: real time, moved forward by tests (business days pass in a
 * moment) instead of waiting.
 */
public final class MutableClock extends Clock {

	private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return Clock.offset(Clock.system(zone), this.offset.get());
	}

	@Override
	public Instant instant() {
		return Instant.now().plus(this.offset.get());
	}

	/** From now on, the clock says {@code at} (and moves on from there). */
	public void set(Instant at) {
		this.offset.set(Duration.between(Instant.now(), at));
	}

	public void reset() {
		this.offset.set(Duration.ZERO);
	}

}
