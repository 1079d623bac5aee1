package org.recordhub.dashboard;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardPartsTests {

	@Test
	void shouldWriteAChartsDataAsCsvWithItsSeriesAsColumns() {
		Chart chart = new Chart("turnaround-by-provider", "Median turnaround", "days", "bar", "days",
				List.of("Smith, Jones & Co clinic", "Lakeside \"Ortho\""),
				List.of(new Chart.Series("fax", List.of(3.5, 0)), new Chart.Series("sftp", List.of(1, 2.25))));
		assertThat(chart.csv().lines()).containsExactly("category,fax,sftp", "\"Smith, Jones & Co clinic\",3.5,1",
				"\"Lakeside \"\"Ortho\"\"\",0,2.25");
	}

	@Test
	void shouldReturnOnlyToDashboardPagesAfterAnAction() {
		assertThat(Actions.back("/dashboard/queues", "/dashboard/requests/1")).isEqualTo("/dashboard/queues");
		// never away from RecordHub, whatever a form was made to send
		assertThat(Actions.back("https://evil.example/dashboard/", "/dashboard/requests/1"))
			.isEqualTo("/dashboard/requests/1");
		assertThat(Actions.back("//evil.example/dashboard/x", "/dashboard/requests/1"))
			.isEqualTo("/dashboard/requests/1");
		assertThat(Actions.back("/dashboard//evil.example", "/dashboard/requests/1"))
			.isEqualTo("/dashboard/requests/1");
		assertThat(Actions.back(null, "/dashboard/requests/1")).isEqualTo("/dashboard/requests/1");
	}

}
