package org.recordhub.provider;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports the CMS NPPES "Data Dissemination" file ({@code npidata_pfile_*.csv}, or the
 * monthly ZIP that holds it) into the directory, streaming: rows are read one at a time
 * and written in batches, so the national file (~9 million rows, 330 columns) never sits
 * in memory. Columns are found by their header names, so the V1 and V2 files both work.
 * Re-importing updates organisations in place by NPI.
 */
@Component
public class NppesImport {

	static final String NPI = "NPI";

	static final String ENTITY_TYPE = "Entity Type Code";

	static final String ORGANIZATION_NAME = "Provider Organization Name (Legal Business Name)";

	static final String LAST_NAME = "Provider Last Name (Legal Name)";

	static final String FIRST_NAME = "Provider First Name";

	static final String MIDDLE_NAME = "Provider Middle Name";

	static final String SUFFIX = "Provider Name Suffix Text";

	static final String CREDENTIAL = "Provider Credential Text";

	static final String LOCATION_LINE = "Provider First Line Business Practice Location Address";

	static final String LOCATION_CITY = "Provider Business Practice Location Address City Name";

	static final String LOCATION_STATE = "Provider Business Practice Location Address State Name";

	static final String LOCATION_POSTAL_CODE = "Provider Business Practice Location Address Postal Code";

	static final String LOCATION_PHONE = "Provider Business Practice Location Address Telephone Number";

	static final String LOCATION_FAX = "Provider Business Practice Location Address Fax Number";

	static final String MAILING_FAX = "Provider Business Mailing Address Fax Number";

	static final String DEACTIVATION_DATE = "NPI Deactivation Date";

	static final String REACTIVATION_DATE = "NPI Reactivation Date";

	static final String TAXONOMY = "Healthcare Provider Taxonomy Code_";

	static final String PRIMARY_TAXONOMY = "Healthcare Provider Primary Taxonomy Switch_";

	private static final Set<String> REQUIRED = Set.of(NPI, ENTITY_TYPE, ORGANIZATION_NAME, LAST_NAME, FIRST_NAME,
			LOCATION_LINE, LOCATION_CITY, LOCATION_STATE, LOCATION_POSTAL_CODE, LOCATION_PHONE, LOCATION_FAX,
			DEACTIVATION_DATE);

	private static final int BATCH = 1000;

	private static final Logger logger = LoggerFactory.getLogger(NppesImport.class);

	private final ProviderRepository repository;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final ReentrantLock running = new ReentrantLock();

	NppesImport(ProviderRepository repository, TransactionTemplate transaction, Clock clock) {
		this.repository = repository;
		this.transaction = transaction;
		this.clock = clock;
	}

	/**
	 * Imports a CSV file or a ZIP holding one ({@code npidata_pfile_*.csv}, not its
	 * {@code _FileHeader}); one import at a time.
	 */
	public Result run(InputStream input) throws IOException {
		if (!this.running.tryLock()) {
			throw new DirectoryConflictException("IMPORT_RUNNING", "An NPPES import is already running.");
		}
		try {
			BufferedInputStream in = new BufferedInputStream(input, 1 << 16);
			in.mark(4);
			byte[] magic = in.readNBytes(4);
			in.reset();
			if (magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
				ZipInputStream zip = new ZipInputStream(in);
				for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
					String name = entry.getName().toLowerCase(Locale.ROOT);
					if (name.matches("(.*/)?npidata_pfile_[^/]*\\.csv") && !name.endsWith("_fileheader.csv")) {
						return read(new BoundedLines(new InputStreamReader(zip, StandardCharsets.UTF_8)));
					}
				}
				throw new InvalidDirectoryEntryException("The ZIP holds no npidata_pfile_*.csv data file.");
			}
			return read(new BoundedLines(new InputStreamReader(in, StandardCharsets.UTF_8)));
		}
		finally {
			this.running.unlock();
		}
	}

	/**
	 * The file's characters, refusing a line longer than any NPPES row: the import
	 * streams, but a parser holds a whole row, so a file (or a ZIP bomb) with no line
	 * breaks would fill memory.
	 */
	static final class BoundedLines extends java.io.FilterReader {

		/** An NPPES row is about 4 kB; 330 columns of their longest would be 100 kB. */
		static final int MAX_LINE = 1 << 20;

		private int line;

		BoundedLines(Reader in) {
			super(in);
		}

		@Override
		public int read() throws IOException {
			int c = super.read();
			count((c == '\n') ? 0 : 1, c == '\n');
			return c;
		}

		@Override
		public int read(char[] buffer, int offset, int length) throws IOException {
			int read = super.read(buffer, offset, length);
			for (int i = offset; i < offset + read; i++) {
				count(1, buffer[i] == '\n');
			}
			return read;
		}

		private void count(int characters, boolean newLine) {
			this.line = newLine ? 0 : this.line + characters;
			if (this.line > MAX_LINE) {
				throw new InvalidDirectoryEntryException(
						"Not an NPPES data file: a line is longer than " + MAX_LINE + " characters.");
			}
		}

	}

	private Result read(Reader reader) throws IOException {
		Instant started = this.clock.instant();
		CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
		long rows = 0;
		long skipped = 0;
		Counter counter = new Counter();
		try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
			List<String> missing = REQUIRED.stream()
				.filter((column) -> !parser.getHeaderMap().containsKey(column))
				.sorted()
				.toList();
			if (!missing.isEmpty()) {
				throw new InvalidDirectoryEntryException(
						"Not an NPPES data file: the header lacks " + String.join(", ", missing) + ".");
			}
			int taxonomies = 0;
			while (parser.getHeaderMap().containsKey(TAXONOMY + (taxonomies + 1))) {
				taxonomies++;
			}
			List<NppesRecord> batch = new ArrayList<>(BATCH);
			for (CSVRecord row : parser) {
				rows++;
				NppesRecord record = record(row, taxonomies);
				if (record == null) {
					skipped++;
					continue;
				}
				batch.add(record);
				if (batch.size() == BATCH) {
					counter.add(write(batch));
					batch.clear();
				}
			}
			if (!batch.isEmpty()) {
				counter.add(write(batch));
			}
		}
		catch (java.io.UncheckedIOException ex) {
			throw new InvalidDirectoryEntryException(
					"The NPPES file is not valid CSV after row " + rows + ": " + ex.getCause().getMessage());
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			// Commons CSV's word for a header it cannot read (a blank or repeated name)
			// or a row it cannot split; its message would repeat the file's text
			throw new InvalidDirectoryEntryException(
					"Not an NPPES data file: " + ((rows == 0) ? "its first line is not a CSV header of named columns"
							: "it is not valid CSV after row " + rows) + ".");
		}
		Duration took = Duration.between(started, this.clock.instant());
		Result result = new Result(rows, counter.created, counter.updated, counter.deactivated,
				skipped + counter.unknown, took.toMillis());
		logger.info("NPPES import: {}", result);
		return result;
	}

	private ProviderRepository.NppesCounts write(List<NppesRecord> batch) {
		return this.transaction.execute((status) -> this.repository.upsert(batch, this.clock.instant()));
	}

	/** The row as a record, or null for a row without a usable NPI. */
	static NppesRecord record(CSVRecord row, int taxonomies) {
		String npi = row.get(NPI).trim();
		if (!npi.matches("\\d{10}")) {
			return null;
		}
		String type = row.get(ENTITY_TYPE).trim();
		boolean deactivated = !row.get(DEACTIVATION_DATE).isBlank()
				&& (!row.isMapped(REACTIVATION_DATE) || row.get(REACTIVATION_DATE).isBlank());
		String name = switch (type) {
			case "2" -> blankToNull(row.get(ORGANIZATION_NAME));
			case "1" -> personName(row);
			default -> null; // a deactivated NPI: NPPES publishes only the number and the
								// dates
		};
		String fax = digits(row.get(LOCATION_FAX));
		if (fax == null && row.isMapped(MAILING_FAX)) {
			fax = digits(row.get(MAILING_FAX));
		}
		return new NppesRecord(npi, name, name != null && !deactivated,
				new Provider.Address(blankToNull(row.get(LOCATION_LINE)), blankToNull(row.get(LOCATION_CITY)),
						blankToNull(row.get(LOCATION_STATE)), blankToNull(row.get(LOCATION_POSTAL_CODE))),
				digits(row.get(LOCATION_PHONE)), fax, primaryTaxonomy(row, taxonomies));
	}

	private static String personName(CSVRecord row) {
		StringJoiner name = new StringJoiner(" ");
		for (String column : List.of(FIRST_NAME, MIDDLE_NAME, LAST_NAME, SUFFIX)) {
			if (row.isMapped(column) && !row.get(column).isBlank()) {
				name.add(row.get(column).trim());
			}
		}
		if (name.length() == 0) {
			return null;
		}
		String credential = row.isMapped(CREDENTIAL) ? row.get(CREDENTIAL).trim() : "";
		return credential.isEmpty() ? name.toString() : name + ", " + credential;
	}

	private static String primaryTaxonomy(CSVRecord row, int taxonomies) {
		String first = null;
		for (int i = 1; i <= taxonomies; i++) {
			String code = row.get(TAXONOMY + i).trim();
			if (code.isEmpty()) {
				continue;
			}
			if (row.isMapped(PRIMARY_TAXONOMY + i) && "Y".equals(row.get(PRIMARY_TAXONOMY + i).trim())) {
				return code;
			}
			first = (first != null) ? first : code;
		}
		return first;
	}

	private static String digits(String value) {
		String digits = value.replaceAll("\\D", "");
		return digits.isEmpty() ? null : digits;
	}

	private static String blankToNull(String value) {
		return value.isBlank() ? null : value.trim();
	}

	/**
	 * What an import did.
	 *
	 * @param skipped rows without a valid NPI, and deactivated NPIs the directory never
	 * had
	 */
	public record Result(long rows, long created, long updated, long deactivated, long skipped, long millis) {
	}

	private static final class Counter {

		long created;

		long updated;

		long deactivated;

		long unknown;

		void add(ProviderRepository.NppesCounts counts) {
			this.created += counts.created();
			this.updated += counts.updated();
			this.deactivated += counts.deactivated();
			this.unknown += counts.unknown();
		}

	}

}
