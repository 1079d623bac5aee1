package org.recordhub.request;

import java.time.LocalDate;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The patient whose records are requested, as the requester identifies them. */
public record Patient(@NotNull @Valid Name name, @NotNull LocalDate birthDate,
		@Size(max = 20) List<@Valid @NotNull Identifier> identifiers) {

	public Patient {
		identifiers = (identifiers != null) ? List.copyOf(identifiers) : List.of();
	}

	public String displayName() {
		return this.name.display();
	}

	public record Name(@Size(max = 10) List<@NotBlank @Size(max = 100) String> given,
			@NotBlank @Size(max = 100) String family) {

		public Name {
			given = (given != null) ? List.copyOf(given) : List.of();
		}

		public String display() {
			return String.join(" ", this.given) + (this.given.isEmpty() ? "" : " ") + this.family;
		}

	}

	public record Identifier(@Size(max = 255) String system, @NotBlank @Size(max = 100) String value) {
	}

}
