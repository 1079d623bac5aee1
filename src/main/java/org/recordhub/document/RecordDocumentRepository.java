package org.recordhub.document;

import java.sql.Date;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The documents found in each leg's records. */
@Repository
public class RecordDocumentRepository {

	private final JdbcClient jdbc;

	RecordDocumentRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Replaces the leg's documents with these, in chronological order. */
	void replace(String legId, List<RecordDocuments.Found> chronological) {
		this.jdbc.sql("delete from record_document where leg_id = ?").param(legId).update();
		int position = 0;
		for (RecordDocuments.Found document : chronological) {
			position++;
			DocumentTypes.Type type = document.type();
			this.jdbc.sql("""
					insert into record_document (leg_id, file_id, first_page, last_page, type_system, type_code,
					  type_display, record_type, date_of_service, provider_order, chronological_order, evidence)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(legId, document.fileId(), document.firstPage(), document.lastPage(),
						(type != null) ? type.system() : null, (type != null) ? type.code() : null,
						(type != null) ? type.display() : null, (type != null) ? type.recordType() : null,
						(document.dateOfService() != null) ? Date.valueOf(document.dateOfService()) : null,
						document.providerOrder(), position,
						(document.evidence().length() > 1000) ? document.evidence().substring(0, 1000)
								: document.evidence())
				.update();
		}
	}

	/** The leg's documents by date of service. */
	public List<RecordDocument> forLeg(String legId) {
		return this.jdbc.sql("select * from record_document where leg_id = ? order by chronological_order")
			.param(legId)
			.query((rs, row) -> new RecordDocument(rs.getString("file_id"), rs.getInt("first_page"),
					rs.getInt("last_page"), rs.getString("type_system"), rs.getString("type_code"),
					rs.getString("type_display"),
					(rs.getDate("date_of_service") != null) ? rs.getDate("date_of_service").toLocalDate() : null,
					rs.getInt("provider_order"), rs.getInt("chronological_order"), rs.getString("evidence")))
			.list();
	}

	/**
	 * A document of a leg's records.
	 *
	 * @param typeCode LOINC where there is one; null when no type was recognised
	 * @param providerOrder its place in what the provider sent
	 * @param chronologicalOrder its place by date of service
	 * @param evidence what the type was recognised by
	 */
	public record RecordDocument(String fileId, int firstPage, int lastPage, String typeSystem, String typeCode,
			String typeDisplay, java.time.LocalDate dateOfService, int providerOrder, int chronologicalOrder,
			String evidence) {
	}

}
