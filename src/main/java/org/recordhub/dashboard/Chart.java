package org.recordhub.dashboard;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A chart's data: categories along one axis, one or more series of numbers. The page
 * draws it with ECharts and lists it in a table; the same data downloads as CSV.
 *
 * @param type {@code bar} or {@code line}
 * @param unit what the numbers count, for the axis
 */
record Chart(String id, String title, String description, String type, String unit, List<String> categories,
		List<Series> series) {

	String csv() {
		StringWriter out = new StringWriter();
		try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT)) {
			List<String> header = new ArrayList<>(List.of("category"));
			this.series.forEach((s) -> header.add(s.name()));
			printer.printRecord(header);
			for (int i = 0; i < this.categories.size(); i++) {
				List<Object> row = new ArrayList<>(List.of(this.categories.get(i)));
				for (Series s : this.series) {
					row.add(s.values().get(i));
				}
				printer.printRecord(row);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toString();
	}

	record Series(String name, List<Number> values) {
	}

}
