package org.recordhub.document;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/**
 * Records in the shapes providers send them, for tests, beside what
 * {@link org.recordhub.sandbox.FaxMachine} makes: a fax whose QR code did not survive,
 * ZIP archives, C-CDA documents.
 */
public final class Scans {

	private Scans() {
	}

	/**
	 * The fax with its cover sheet's QR code blotted out, as a bad fax line or a
	 * photocopier does.
	 */
	public static byte[] withoutQrCode(byte[] fax) {
		try (PDDocument document = Loader.loadPDF(fax); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			try (PDPageContentStream content = new PDPageContentStream(document, document.getPage(0),
					PDPageContentStream.AppendMode.APPEND, false)) {
				// where FaxCoverSheet draws the code: 216 points square, 400 below the
				// top margin
				content.setNonStrokingColor(Color.WHITE);
				content.addRect(60, PDRectangle.LETTER.getHeight() - 72 - 412, 240, 240);
				content.fill();
			}
			document.save(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A ZIP of the entries, in their order. */
	public static byte[] zip(Map<String, byte[]> entries) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream out = new ZipOutputStream(bytes)) {
			for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
				out.putNextEntry(new ZipEntry(entry.getKey()));
				out.write(entry.getValue());
				out.closeEntry();
			}
		}
		return bytes.toByteArray();
	}

	/**
	 * A C-CDA discharge summary for Jane Q Doe (born 1970-04-12), 2023-05-01 to 05-04,
	 * with narrative paragraphs, a list and a table.
	 */
	public static String dischargeSummary() {
		return clinicalDocument("18842-5", "Discharge summary",
				"""
						<component><structuredBody>
						  <component><section>
						    <title>Hospital Course</title>
						    <text><paragraph>Admitted with <content styleCode="Bold">Community-acquired pneumonia</content>;
						      treated with antibiotics.<br/>Discharged home in good condition.</paragraph></text>
						  </section></component>
						  <component><section>
						    <title>Discharge Medications</title>
						    <text><list><item>Amoxicillin 500 mg three times a day</item><item>Albuterol inhaler</item></list></text>
						  </section></component>
						  <component><section>
						    <title>Results</title>
						    <text><table><thead><tr><th>Test</th><th>Value</th><th>Date</th></tr></thead>
						      <tbody><tr><td>Hemoglobin</td><td>13.2 g/dL</td><td>2023-05-02</td></tr></tbody></table></text>
						  </section></component>
						</structuredBody></component>""");
	}

	/** A C-CDA document with that LOINC type and body, for Jane Q Doe. */
	public static String clinicalDocument(String loinc, String display, String body) {
		return """
				<?xml version="1.0" encoding="UTF-8"?>
				<ClinicalDocument xmlns="urn:hl7-org:v3">
				  <code code="%s" codeSystem="2.16.840.1.113883.6.1" displayName="%s"/>
				  <title>%s</title>
				  <effectiveTime value="20230504120000-0500"/>
				  <recordTarget><patientRole>
				    <id root="2.16.840.1.113883.19.5" extension="12345"/>
				    <patient><name><given>Jane</given><given>Q</given><family>Doe</family></name>
				      <administrativeGenderCode code="F" displayName="Female"/>
				      <birthTime value="19700412"/></patient>
				  </patientRole></recordTarget>
				  <author><assignedAuthor><assignedPerson><name><given>Ann</given><family>Lee</family></name></assignedPerson>
				    <representedOrganization><name>Riverside Hospital</name></representedOrganization></assignedAuthor></author>
				  <custodian><assignedCustodian><representedCustodianOrganization><name>Riverside Hospital</name>
				    </representedCustodianOrganization></assignedCustodian></custodian>
				  <documentationOf><serviceEvent><effectiveTime><low value="20230501"/><high value="20230504"/></effectiveTime>
				  </serviceEvent></documentationOf>
				  %s
				</ClinicalDocument>
				"""
			.formatted(loinc, display, display.equals("Discharge summary") ? "Discharge Summary" : display, body)
			.strip();
	}

}
