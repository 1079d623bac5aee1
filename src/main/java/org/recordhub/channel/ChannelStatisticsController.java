package org.recordhub.channel;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Provider directory")
class ChannelStatisticsController {

	private final ChannelStatistics statistics;

	ChannelStatisticsController(ChannelStatistics statistics) {
		this.statistics = statistics;
	}

	@GetMapping("/api/v1/providers/{id}/statistics")
	@PreAuthorize("hasAnyRole('ADMIN', 'HIM_STAFF')")
	@Operation(summary = "RecordHub's history with the provider per channel: legs, failure rate, median and 90th "
			+ "percentile days from sending to records (-1 before any records)")
	Map<String, ChannelStatistics.Stats> statistics(@PathVariable String id) {
		return this.statistics.forProvider(id);
	}

}
