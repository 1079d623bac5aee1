package org.recordhub.channel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recordhub.request.LegState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderMessagesTests {

	private static final List<ProviderMessages.Row> SHIPPED = ProviderMessages
		.read(Path.of("rules/messages/provider-messages.csv"));

	@Test
	void shouldUnderstandWhatProvidersTypicallyWrite() {
		assertThat(meaning("Our copy fee for 112 pages is $48.60. Please remit payment before release."))
			.contains(LegState.AWAITING_FEE_APPROVAL);
		assertThat(meaning("We are unable to locate a patient matching this name and date of birth."))
			.contains(LegState.NO_RECORDS);
		assertThat(meaning("The authorization is missing the patient's signature; please provide a signed form."))
			.contains(LegState.NEEDS_INFORMATION);
		assertThat(meaning("We have received your request and are processing it.")).contains(LegState.IN_PROGRESS);
		assertThat(meaning("Thank you, have a nice day.")).isEmpty();
	}

	@Test
	void shouldRefuseATableWhoseExampleMeansSomethingElse(@TempDir Path folder) throws IOException {
		Path table = folder.resolve("provider-messages.csv");
		Files.writeString(table, """
				Meaning,Pattern,Example
				NO_RECORDS,records,"We have no records."
				AWAITING_FEE_APPROVAL,fee,"The fee for the records is $10."
				""");
		assertThatThrownBy(() -> ProviderMessages.read(table)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("should mean AWAITING_FEE_APPROVAL but means NO_RECORDS");
	}

	private static Optional<LegState> meaning(String text) {
		return ProviderMessages.meaning(SHIPPED, text);
	}

}
