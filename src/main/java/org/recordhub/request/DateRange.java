package org.recordhub.request;

import java.time.LocalDate;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

/** An inclusive range of dates of service. */
public record DateRange(@NotNull LocalDate from, @NotNull LocalDate to) {

	@AssertTrue(message = "must not end before it starts")
	boolean isOrdered() {
		return this.from == null || this.to == null || !this.to.isBefore(this.from);
	}

	@Override
	public String toString() {
		return this.from + " to " + this.to;
	}

}
