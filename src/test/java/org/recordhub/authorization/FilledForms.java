package org.recordhub.authorization;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDCheckBox;

/** RecordHub's authorization form, filled the way a PDF viewer fills it. */
public final class FilledForms {

	private FilledForms() {
	}

	public static byte[] fill(Map<String, String> text, List<String> checked) {
		try (PDDocument document = Loader.loadPDF(new AuthorizationPdfForm().blank());
				ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			PDAcroForm form = document.getDocumentCatalog().getAcroForm();
			for (Map.Entry<String, String> value : text.entrySet()) {
				form.getField(value.getKey()).setValue(value.getValue());
			}
			for (String box : checked) {
				((PDCheckBox) form.getField(box)).check();
			}
			document.save(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A complete, valid authorization for the patient, filled in. */
	public static byte[] complete(String given, String family, String birthDate) {
		return fill(
				Map.ofEntries(Map.entry("patient_given", given), Map.entry("patient_family", family),
						Map.entry("patient_birthDate", birthDate), Map.entry("recipients", "Smith & Lee LLP"),
						Map.entry("informationDescription", "All records 2023-01-01 to 2024-06-30"),
						Map.entry("informationCategories", "GENERAL"), Map.entry("purposes", "LITIGATION"),
						Map.entry("expirationDate", "2036-10-01"), Map.entry("signer_type", "PATIENT"),
						Map.entry("signer_name", given + " " + family), Map.entry("signatureDate", "2026-10-01")),
				List.of("anyProviderMayDisclose", "statements_rightToRevoke", "statements_conditioning",
						"statements_redisclosure", "plainLanguage", "signed"));
	}

}
