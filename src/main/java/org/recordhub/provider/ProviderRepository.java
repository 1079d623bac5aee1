package org.recordhub.provider;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Organisations and their endpoints in the database. */
@Repository
class ProviderRepository {

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	private static final int BATCH = 1000;

	private final JsonMapper json;

	ProviderRepository(JdbcClient jdbc, JdbcTemplate batch, JsonMapper json) {
		this.jdbc = jdbc;
		this.batch = batch;
		this.json = json;
	}

	Optional<Provider> find(String id) {
		return this.jdbc.sql("select * from organization where id = ?")
			.param(id)
			.query((rs, row) -> map(rs, endpoints(id)))
			.optional();
	}

	List<Provider> search(Search search, int page, int size) {
		return this.jdbc
			.sql("select * from organization where " + Search.WHERE + " order by name, id limit :limit offset :offset")
			.paramSource(search.parameters().addValue("limit", size).addValue("offset", (long) page * size))
			.query((rs, row) -> map(rs, List.of()))
			.list()
			.stream()
			.map(this::withEndpoints)
			.toList();
	}

	long count(Search search) {
		return this.jdbc.sql("select count(*) from organization where " + Search.WHERE)
			.paramSource(search.parameters())
			.query(Long.class)
			.single();
	}

	/** Creates or replaces the organisation and its endpoints. */
	void save(Provider provider, String source, Instant now) {
		int updated = this.jdbc.sql("""
				update organization set npi = ?, name = ?, role = ?, active = ?, address_line = ?, city = ?, state = ?,
				  postal_code = ?, phone = ?, fax = ?, taxonomy = ?, terms = ?, source = ?, updated_at = ?
				where id = ?""").params(columns(provider, source, now)).param(provider.id()).update();
		if (updated == 0) {
			this.jdbc
				.sql("""
						insert into organization (npi, name, role, active, address_line, city, state, postal_code, phone, fax,
						  taxonomy, terms, source, updated_at, id)
						values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(columns(provider, source, now))
				.param(provider.id())
				.update();
		}
		this.jdbc.sql("delete from endpoint where organization_id = ?").param(provider.id()).update();
		for (Provider.Endpoint endpoint : provider.endpoints()) {
			this.jdbc.sql("insert into endpoint (organization_id, channel, address) values (?, ?, ?)")
				.params(provider.id(), endpoint.channel(), endpoint.address())
				.update();
		}
	}

	/** The organisation holding this NPI, if any. */
	Optional<String> idOfNpi(String npi) {
		return this.jdbc.sql("select id from organization where npi = ?").param(npi).query(String.class).optional();
	}

	boolean delete(String id) {
		return this.jdbc.sql("delete from organization where id = ?").param(id).update() > 0;
	}

	long legsOf(String id) {
		return this.jdbc.sql("select count(*) from provider_leg where provider_id = ?")
			.param(id)
			.query(Long.class)
			.single();
	}

	/**
	 * Creates or updates NPPES records by NPI, in one round trip per statement. Only the
	 * fields NPPES publishes change; RecordHub's terms and endpoints stay. A fax endpoint
	 * follows the published fax number until staff set it to something else.
	 */
	NppesCounts upsert(List<NppesRecord> batch, Instant now) {
		Timestamp at = Timestamp.from(now);
		List<NppesRecord> withdrawn = batch.stream().filter((record) -> record.name() == null).toList();
		List<NppesRecord> records = batch.stream().filter((record) -> record.name() != null).toList();
		int deactivated = sum(this.batch.batchUpdate("""
				update organization set active = false, source = 'NPPES', updated_at = ? where npi = ?""", withdrawn,
				BATCH, (ps, record) -> {
					ps.setTimestamp(1, at);
					ps.setString(2, record.npi());
				}));
		this.batch.batchUpdate("""
				update endpoint set address = ?
				where organization_id = (select o.id from organization o where o.npi = ?) and channel = 'fax'
				  and address = (select o.fax from organization o where o.npi = ?)""",
				records.stream().filter((record) -> record.fax() != null).toList(), BATCH, (ps, record) -> {
					ps.setString(1, record.fax());
					ps.setString(2, record.npi());
					ps.setString(3, record.npi());
				});
		int[][] updated = this.batch.batchUpdate("""
				update organization set npi = ?, name = ?, active = ?, address_line = ?, city = ?, state = ?,
				  postal_code = ?, phone = ?, fax = ?, taxonomy = ?, source = 'NPPES', updated_at = ?
				where npi = ?""", records, BATCH, (ps, record) -> {
			setColumns(ps, record, at);
			ps.setString(12, record.npi());
		});
		List<NppesRecord> created = new ArrayList<>();
		for (int i = 0; i < records.size(); i++) {
			if (updated[i / BATCH][i % BATCH] == 0) {
				created.add(records.get(i));
			}
		}
		this.batch.batchUpdate(
				"""
						insert into organization (npi, name, active, address_line, city, state, postal_code, phone, fax, taxonomy,
						  source, updated_at, id, role)
						values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'NPPES', ?, ?, 'PROVIDER')""",
				created, BATCH, (ps, record) -> {
					setColumns(ps, record, at);
					ps.setString(12, record.id());
				});
		this.batch.batchUpdate("""
				insert into endpoint (organization_id, channel, address)
				select o.id, 'fax', o.fax from organization o
				where o.npi = ? and o.fax is not null
				  and not exists (select 1 from endpoint e where e.organization_id = o.id and e.channel = 'fax')""",
				records, BATCH, (ps, record) -> ps.setString(1, record.npi()));
		return new NppesCounts(records.size() - created.size(), created.size(), deactivated,
				withdrawn.size() - deactivated);
	}

	private static void setColumns(java.sql.PreparedStatement ps, NppesRecord record, Timestamp at)
			throws SQLException {
		ps.setString(1, record.npi());
		ps.setString(2, record.name());
		ps.setBoolean(3, record.active());
		ps.setString(4, record.address().line());
		ps.setString(5, record.address().city());
		ps.setString(6, record.address().state());
		ps.setString(7, record.address().postalCode());
		ps.setString(8, record.phone());
		ps.setString(9, record.fax());
		ps.setString(10, record.taxonomy());
		ps.setTimestamp(11, at);
	}

	private static int sum(int[][] counts) {
		int sum = 0;
		for (int[] chunk : counts) {
			for (int count : chunk) {
				sum += count;
			}
		}
		return sum;
	}

	/**
	 * @param unknown deactivated NPIs the directory never had
	 */
	record NppesCounts(int updated, int created, int deactivated, int unknown) {
	}

	private List<Provider.Endpoint> endpoints(String id) {
		return this.jdbc.sql("select channel, address from endpoint where organization_id = ? order by channel")
			.param(id)
			.query((rs, row) -> new Provider.Endpoint(rs.getString("channel"), rs.getString("address")))
			.list();
	}

	private Provider withEndpoints(Provider provider) {
		return new Provider(provider.id(), provider.npi(), provider.name(), provider.role(), provider.active(),
				provider.address(), provider.phone(), provider.fax(), provider.taxonomy(), endpoints(provider.id()),
				provider.terms());
	}

	private Object[] columns(Provider provider, String source, Instant now) {
		Provider.Address address = provider.address();
		return new Object[] { provider.npi(), provider.name(), provider.role().name(), provider.active(),
				address.line(), address.city(), address.state(), address.postalCode(), provider.phone(), provider.fax(),
				provider.taxonomy(), provider.terms().isEmpty() ? null : this.json.writeValueAsString(provider.terms()),
				source, Timestamp.from(now) };
	}

	private Provider map(ResultSet rs, List<Provider.Endpoint> endpoints) throws SQLException {
		String terms = rs.getString("terms");
		return new Provider(rs.getString("id"), rs.getString("npi"), rs.getString("name"),
				Provider.Role.valueOf(rs.getString("role")), rs.getBoolean("active"),
				new Provider.Address(rs.getString("address_line"), rs.getString("city"), rs.getString("state"),
						rs.getString("postal_code")),
				rs.getString("phone"), rs.getString("fax"), rs.getString("taxonomy"), endpoints,
				(terms != null) ? this.json.readValue(terms, Provider.Terms.class) : null);
	}

	/**
	 * A directory search; blank fields match everything.
	 *
	 * @param text part of the name, or the NPI
	 */
	record Search(String text, String state, Provider.Role role, String channel) {

		static final String WHERE = """
				(cast(:text as varchar) is null or upper(name) like :pattern or npi = :text)
				  and (cast(:state as varchar) is null or state = :state)
				  and (cast(:role as varchar) is null or role = :role)
				  and (cast(:channel as varchar) is null
				       or exists (select 1 from endpoint e where e.organization_id = id and e.channel = :channel))""";

		MapSqlParameterSource parameters() {
			String trimmed = (this.text != null && !this.text.isBlank()) ? this.text.trim() : null;
			return new MapSqlParameterSource().addValue("text", trimmed)
				.addValue("pattern", (trimmed != null) ? "%" + trimmed.toUpperCase() + "%" : null)
				.addValue("state", blankToNull(this.state))
				.addValue("role", (this.role != null) ? this.role.name() : null)
				.addValue("channel", blankToNull(this.channel));
		}

		private static String blankToNull(String value) {
			return (value != null && !value.isBlank()) ? value.trim() : null;
		}

	}

}
