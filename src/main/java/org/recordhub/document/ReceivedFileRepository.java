package org.recordhub.document;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ReceivedFileRepository {

	private final JdbcClient jdbc;

	ReceivedFileRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(ReceivedFile file) {
		this.jdbc.sql("""
				insert into received_file (id, sha256, sha1, provider_id, channel, file_name, size_bytes, received_at,
				                           status)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(file.id(), file.sha256(), file.sha1(), file.providerId(), file.channel(), file.fileName(),
					file.sizeBytes(), Timestamp.from(file.receivedAt()), file.status().name())
			.update();
	}

	boolean named(String providerId, String fileName) {
		return this.jdbc.sql("select count(*) from received_file where provider_id = ? and file_name = ?")
			.params(providerId, fileName)
			.query(Long.class)
			.single() > 0;
	}

	boolean namedLike(String providerId, String namePrefix) {
		String pattern = namePrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
		return this.jdbc
			.sql("select count(*) from received_file where provider_id = ? and file_name like ? escape '\\'")
			.params(providerId, pattern)
			.query(Long.class)
			.single() > 0;
	}

	Optional<ReceivedFile> find(String providerId, String fileName, String sha256) {
		return this.jdbc.sql("select * from received_file where provider_id = ? and file_name = ? and sha256 = ?")
			.params(providerId, fileName, sha256)
			.query(ReceivedFileRepository::map)
			.optional();
	}

	public Optional<ReceivedFile> find(String id) {
		return this.jdbc.sql("select * from received_file where id = ?")
			.param(id)
			.query(ReceivedFileRepository::map)
			.optional();
	}

	Optional<ReceivedFile> lock(String id) {
		return this.jdbc.sql("select * from received_file where id = ? for update")
			.param(id)
			.query(ReceivedFileRepository::map)
			.optional();
	}

	public List<ReceivedFile> forLeg(String legId) {
		return this.jdbc.sql("select * from received_file where leg_id = ? order by received_at, id")
			.param(legId)
			.query(ReceivedFileRepository::map)
			.list();
	}

	public List<ReceivedFile> inStatus(ReceivedFile.Status status) {
		return this.jdbc.sql("select * from received_file where status = ? order by received_at, id")
			.param(status.name())
			.query(ReceivedFileRepository::map)
			.list();
	}

	void link(String id, String legId) {
		this.jdbc.sql("update received_file set leg_id = ? where id = ?").params(legId, id).update();
	}

	/**
	 * Counts a start of reading the file, committed at once (no transaction is open
	 * here).
	 * @return how often reading it has been started, this time included
	 */
	int startReading(String id) {
		this.jdbc.sql("update received_file set read_attempts = read_attempts + 1 where id = ?").param(id).update();
		return this.jdbc.sql("select read_attempts from received_file where id = ?")
			.param(id)
			.query(Integer.class)
			.single();
	}

	/**
	 * Reading the file finished (or staff retry it): it may be read as often again.
	 */
	void resetReadAttempts(String id) {
		this.jdbc.sql("update received_file set read_attempts = 0 where id = ?").param(id).update();
	}

	void clearIdentity(String id, String staff) {
		this.jdbc.sql("update received_file set identity_cleared_by = ? where id = ?").params(staff, id).update();
	}

	void setStatus(String id, ReceivedFile.Status status, String reason) {
		this.jdbc.sql("update received_file set status = ?, status_reason = ? where id = ?")
			.params(status.name(), reason, id)
			.update();
	}

	void processed(String id, int pages, int textChars, String textSha256, String searchableSha256, int ocrPages,
			Integer ocrConfidence) {
		this.jdbc.sql("""
				update received_file set status = 'PROCESSED', content_type = 'application/pdf', page_count = ?,
				       text_chars = ?, text_sha256 = ?, searchable_sha256 = ?, ocr_pages = ?, ocr_confidence = ?
				where id = ?""")
			.params(pages, textChars, textSha256, searchableSha256, ocrPages, ocrConfidence, id)
			.update();
	}

	private static ReceivedFile map(ResultSet rs, int row) throws SQLException {
		return new ReceivedFile(rs.getString("id"), rs.getString("sha256"), rs.getString("sha1"),
				rs.getString("provider_id"), rs.getString("channel"), rs.getString("file_name"),
				rs.getLong("size_bytes"), rs.getTimestamp("received_at").toInstant(), rs.getString("leg_id"),
				ReceivedFile.Status.valueOf(rs.getString("status")), rs.getString("status_reason"),
				rs.getString("content_type"), (Integer) rs.getObject("page_count"),
				(Integer) rs.getObject("text_chars"), rs.getString("text_sha256"), rs.getString("searchable_sha256"),
				(Integer) rs.getObject("ocr_pages"), (Integer) rs.getObject("ocr_confidence"),
				rs.getString("identity_cleared_by"));
	}

}
