package org.recordhub.document;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.recordhub.request.DateRange;

/**
 * A record split into its documents: a new document starts where a page's title names a
 * type or its date of service changes; untitled pages continue the document before them.
 * Documents are ordered by date of service (undated last), the provider's order kept.
 */
final class RecordDocuments {

	private RecordDocuments() {
	}

	/** The documents of one file's pages, in the provider's order. */
	static List<Found> split(String fileId, List<RecordReader.PageText> pages, DocumentTypes types) {
		List<Found> documents = new ArrayList<>();
		Found current = null;
		for (RecordReader.PageText page : pages) {
			DocumentTypes.Classification classification = types.classify(page.text());
			Optional<LocalDate> date = ServiceDates.find(page.text());
			boolean newType = classification != null && classification.titled()
					&& (current == null || current.type() == null || !classification.type().equals(current.type()));
			boolean newDate = date.isPresent() && current != null && current.dateOfService() != null
					&& !date.get().equals(current.dateOfService()) && classification != null && classification.titled();
			if (current == null || newType || newDate) {
				current = new Found(fileId, page.number(), page.number(),
						(classification != null) ? classification.type() : null, date.orElse(null),
						(classification != null) ? classification.evidence() : "no type recognised", 0);
				documents.add(current);
			}
			else {
				Found extended = current.through(page.number());
				if (extended.type() == null && classification != null) {
					extended = extended.typed(classification);
				}
				if (extended.dateOfService() == null && date.isPresent()) {
					extended = extended.dated(date.get());
				}
				documents.set(documents.size() - 1, extended);
				current = extended;
			}
		}
		return documents;
	}

	/** Chronological order (undated last), ties and undated in the provider's order. */
	static List<Found> chronological(List<Found> inProviderOrder) {
		List<Found> numbered = new ArrayList<>();
		for (int i = 0; i < inProviderOrder.size(); i++) {
			numbered.add(inProviderOrder.get(i).inOrder(i + 1));
		}
		numbered.sort(Comparator.comparing(Found::dateOfService, Comparator.nullsLast(Comparator.naturalOrder()))
			.thenComparing(Found::providerOrder));
		return numbered;
	}

	/**
	 * What is missing: requested record types with no document of that type, and the
	 * requested period when no dated document falls in it.
	 */
	static List<String> gaps(List<Found> documents, DateRange range, List<String> recordTypes,
			List<DocumentTypes.Type> known) {
		List<String> gaps = new ArrayList<>();
		Set<String> found = new LinkedHashSet<>();
		documents.stream().filter((d) -> d.type() != null).forEach((d) -> found.add(d.type().recordType()));
		for (String requested : recordTypes) {
			String keyword = requested.toUpperCase(Locale.ROOT);
			known.stream()
				.filter((type) -> type.recordType().equals(keyword))
				.findFirst()
				.filter((type) -> !found.contains(keyword))
				.ifPresent((type) -> gaps.add("no " + type.display().toLowerCase(Locale.ROOT) + " (" + keyword + ")"));
		}
		List<LocalDate> dates = documents.stream().map(Found::dateOfService).filter((d) -> d != null).toList();
		if (range != null && !dates.isEmpty()
				&& dates.stream().noneMatch((d) -> !d.isBefore(range.from()) && !d.isAfter(range.to()))) {
			gaps.add("nothing dated in the requested period " + range);
		}
		return gaps;
	}

	/**
	 * A document found in a file.
	 *
	 * @param type null when no type was recognised
	 * @param providerOrder its place in the provider's order (1-based), 0 until ordered
	 */
	record Found(String fileId, int firstPage, int lastPage, DocumentTypes.Type type, LocalDate dateOfService,
			String evidence, int providerOrder) {

		Found through(int page) {
			return new Found(this.fileId, this.firstPage, page, this.type, this.dateOfService, this.evidence,
					this.providerOrder);
		}

		Found typed(DocumentTypes.Classification classification) {
			return new Found(this.fileId, this.firstPage, this.lastPage, classification.type(), this.dateOfService,
					classification.evidence(), this.providerOrder);
		}

		Found dated(LocalDate date) {
			return new Found(this.fileId, this.firstPage, this.lastPage, this.type, date, this.evidence,
					this.providerOrder);
		}

		Found inOrder(int order) {
			return new Found(this.fileId, this.firstPage, this.lastPage, this.type, this.dateOfService, this.evidence,
					order);
		}

	}

}
