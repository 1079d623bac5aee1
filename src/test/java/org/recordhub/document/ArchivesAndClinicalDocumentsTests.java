package org.recordhub.document;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.recordhub.sandbox.FaxMachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ZIP archives (a provider's export, an IHE XDM package from an HIE) and C-CDA documents
 * read into searchable pages like any scan, with real Tesseract for the faxed parts.
 */
class ArchivesAndClinicalDocumentsTests {

	private static final Ocr OCR = new Ocr("/usr/share/tesseract-ocr/5/tessdata", "eng", 2);

	private static final DocumentTypes TYPES = new DocumentTypes(Path.of("rules"));

	private final RecordReader reader = new RecordReader(OCR);

	@AfterAll
	static void closeEngines() {
		OCR.close();
	}

	@Test
	void shouldReadEveryRecordInAZipInTheArchivesOrderAndSkipSystemLitter() throws IOException {
		byte[] note = TextPdf.render("Note", "Progress Note\nPatient: Jane Doe\nDate of service: 2023-05-01\n"
				+ "Seen for follow-up of hypertension; blood pressure controlled.");
		byte[] faxed = FaxMachine.fax(
				TextPdf.render("Lab",
						"Laboratory Report\nPatient: Jane Doe\n"
								+ "Collected: 2023-05-02\nHemoglobin A1c 6.1 percent, within the target range."),
				204, 196);
		Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put("records/", new byte[0]);
		entries.put("records/01-progress-note.pdf", note);
		entries.put("records/.DS_Store", "litter".getBytes());
		entries.put("__MACOSX/records/._01-progress-note.pdf", "litter".getBytes());
		entries.put("records/02-lab.tif", faxed);
		entries.put("records/Thumbs.db", "litter".getBytes());
		RecordReader.Read read = this.reader.read(Scans.zip(entries));
		assertThat(read.pages()).extracting(RecordReader.PageText::source)
			.containsExactly(RecordReader.Source.TEXT_LAYER, RecordReader.Source.OCR);
		assertThat(read.pages().get(0).text()).contains("Progress Note");
		assertThat(read.pages().get(1).text()).contains("Laboratory Report", "Hemoglobin");
		assertThat(searchableText(read)).contains("blood pressure controlled", "within the target range");
	}

	@Test
	void shouldReadTheDocumentsOfAnXdmPackageButNotItsIndexFiles() throws IOException {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put("INDEX.HTM", "<html><body>Index of the package</body></html>".getBytes());
		entries.put("README.TXT", "Created by an HIE".getBytes());
		entries.put("IHE_XDM/SUBSET01/METADATA.XML",
				"<SubmitObjectsRequest xmlns=\"urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0\"/>".getBytes());
		entries.put("IHE_XDM/SUBSET01/DOC0001.XML", Scans.dischargeSummary().getBytes(StandardCharsets.UTF_8));
		RecordReader.Read read = this.reader.read(Scans.zip(entries));
		assertThat(read.text()).contains("Discharge Summary", "Community-acquired pneumonia")
			.doesNotContain("Index of the package", "Created by an HIE");
	}

	@Test
	void shouldRenderACcdaNarrativeSoItIsClassifiedDatedAndCheckedLikeAnyRecord() throws IOException {
		RecordReader.Read read = this.reader.read(Scans.dischargeSummary().getBytes(StandardCharsets.UTF_8));
		assertThat(read.ocrPages()).isZero();
		String text = searchableText(read);
		// the header a reviewer and RecordHub's readers need, then each section's
		// narrative
		assertThat(text).contains("Discharge Summary", "Patient: Jane Q Doe", "Date of birth: 1970-04-12", "MRN: 12345",
				"Date of service: 2023-05-01 to 2023-05-04", "Custodian: Riverside Hospital", "LOINC 18842-5",
				"Hospital Course", "Community-acquired pneumonia", "- Amoxicillin 500 mg",
				"Hemoglobin | 13.2 g/dL | 2023-05-02");
		List<RecordDocuments.Found> found = RecordDocuments.split("file-1", read.pages(), TYPES);
		assertThat(found).singleElement().satisfies((document) -> {
			assertThat(document.type().code()).isEqualTo("18842-5");
			assertThat(document.dateOfService()).isEqualTo(LocalDate.of(2023, 5, 1));
		});
		assertThat(IdentityCheck.misfile(read.pages(), new org.recordhub.request.Patient(
				new org.recordhub.request.Patient.Name(List.of("Jane"), "Doe"), LocalDate.of(1970, 4, 12), List.of())))
			.isEmpty();
	}

	@Test
	void shouldAddTheScanCarriedInAnUnstructuredCcdaBody() throws IOException {
		byte[] scan = FaxMachine.fax(
				TextPdf.render("Op note", "Operative Report\nPatient: Jane Doe\nProcedure: laparoscopic appendectomy."),
				204, 196);
		String xml = Scans.clinicalDocument("11504-8", "Operative note",
				"<component><nonXMLBody><text mediaType=\"image/tiff\" representation=\"B64\">"
						+ Base64.getMimeEncoder().encodeToString(scan) + "</text></nonXMLBody></component>");
		RecordReader.Read read = this.reader.read(xml.getBytes(StandardCharsets.UTF_8));
		assertThat(read.pages()).extracting(RecordReader.PageText::source)
			.containsExactly(RecordReader.Source.TEXT_LAYER, RecordReader.Source.OCR);
		assertThat(read.pages().get(0).text()).contains("Patient: Jane Q Doe");
		assertThat(read.pages().get(1).text()).contains("appendectomy");
	}

	@Test
	void shouldRefuseBadArchivesAndDocumentsWithAReasonAPersonUnderstands() throws IOException {
		byte[] pdf = TextPdf.render("Record", "Some text that is long enough to be a text layer.");
		byte[] good = Scans.zip(Map.of("record.pdf", pdf));
		assertThatThrownBy(() -> this.reader.read(Arrays.copyOf(good, good.length / 2)))
			.isInstanceOf(UnreadableFileException.class)
			.hasMessageStartingWith("Corrupt or truncated ZIP");
		assertThatThrownBy(() -> this.reader.read(markedEncrypted(good))).isInstanceOf(UnreadableFileException.class)
			.hasMessage("Encrypted ZIP: it needs a password to open");
		// a 300 kB archive expanding to 100 MB is a bomb: no memory is spent on it
		byte[] bomb = Scans.zip(Map.of("big.pdf", new byte[100 << 20]));
		assertThat(bomb.length).isLessThan(300_000);
		assertThatThrownBy(() -> this.reader.read(bomb)).isInstanceOf(UnreadableFileException.class)
			.hasMessage("The ZIP expands to more than 52428800 bytes; refused as a possible decompression bomb");
		assertThatThrownBy(() -> this.reader.read(Scans.zip(Map.of("a.pdf", pdf, "letter.docx", "PK-ish".getBytes()))))
			.isInstanceOf(UnreadableFileException.class)
			.hasMessage("letter.docx in the ZIP: Not a PDF, TIFF, PNG, JPEG, C-CDA or ZIP file");
		assertThatThrownBy(() -> this.reader.read(Scans.zip(Map.of("inner.zip", good))))
			.isInstanceOf(UnreadableFileException.class)
			.hasMessage("inner.zip in the ZIP: A ZIP inside a ZIP is not opened");
		assertThatThrownBy(() -> this.reader.read(Scans.zip(Map.of("INDEX.HTM", "<html/>".getBytes()))))
			.isInstanceOf(UnreadableFileException.class)
			.hasMessage("The ZIP holds no records, only folders and index files");
		assertThatThrownBy(() -> this.reader.read(Scans.zip(Map.of()))).isInstanceOf(UnreadableFileException.class)
			.hasMessage("The ZIP is empty");
		String entity = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
				+ "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><title>&e;</title></ClinicalDocument>";
		assertThatThrownBy(() -> this.reader.read(entity.getBytes())).isInstanceOf(UnreadableFileException.class)
			.hasMessageStartingWith("Malformed XML")
			.hasMessageContaining("DOCTYPE");
		assertThatThrownBy(() -> this.reader.read("<invoice><total>12</total></invoice>".getBytes()))
			.isInstanceOf(UnreadableFileException.class)
			.hasMessageStartingWith("XML that is not a C-CDA document (its root is invoice");
		assertThatThrownBy(() -> this.reader.read(
				Scans
					.clinicalDocument("18842-5", "Discharge summary",
							"<component><nonXMLBody><text><reference value=\"http://example.org/doc.pdf\"/></text>"
									+ "</nonXMLBody></component>")
					.getBytes()))
			.isInstanceOf(UnreadableFileException.class)
			.hasMessageContaining("only a reference to http://example.org/doc.pdf");
	}

	private static String searchableText(RecordReader.Read read) throws IOException {
		try (PDDocument searchable = Loader.loadPDF(read.searchablePdf())) {
			return new PDFTextStripper().getText(searchable);
		}
	}

	/** The same ZIP with its first entry flagged as encrypted (general purpose bit 0). */
	private static byte[] markedEncrypted(byte[] zip) {
		byte[] copy = zip.clone();
		copy[6] |= 1;
		return copy;
	}

}
