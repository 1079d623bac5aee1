package org.recordhub.authorization;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceDictionary;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDCheckBox;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;
import org.apache.pdfbox.pdmodel.interactive.form.PDTerminalField;
import org.apache.pdfbox.pdmodel.interactive.form.PDTextField;
import org.recordhub.request.AuthorizationForm;
import org.recordhub.request.DateRange;
import org.recordhub.request.Patient;
import org.recordhub.document.TextPdf;

import org.springframework.stereotype.Component;

/**
 * RecordHub's fillable HIPAA authorization form (a PDF AcroForm): served blank for
 * download, and read back into the structured authorization once filled and signed, so
 * nobody retypes it. Lists (disclosers, recipients, categories, purposes, compound
 * documents) are one item per line; dates are YYYY-MM-DD.
 */
@Component
public class AuthorizationPdfForm {

	private static final float MARGIN = 50;

	private static final float ROW = 26;

	/** The form's fields, in the order they appear: name, label, kind. */
	private static final List<Field> FIELDS = List.of(new Field("patient_given", "Patient given name(s)", Kind.TEXT),
			new Field("patient_family", "Patient family name", Kind.TEXT),
			new Field("patient_birthDate", "Patient date of birth (YYYY-MM-DD)", Kind.TEXT),
			new Field("disclosers", "Who may disclose (one per line)", Kind.LINES),
			new Field("anyProviderMayDisclose", "Any provider who treated me may disclose", Kind.CHECK),
			new Field("recipients", "Who may receive the information (one per line)", Kind.LINES),
			new Field("informationDescription", "Information to be disclosed", Kind.LINES),
			new Field("authorizedDateRange_from", "Dates of service from (YYYY-MM-DD)", Kind.TEXT),
			new Field("authorizedDateRange_to", "Dates of service to (YYYY-MM-DD)", Kind.TEXT),
			new Field("informationCategories", "Categories, one per line (GENERAL, HIV, ...)", Kind.LINES),
			new Field("purposes", "Purposes, one per line (LITIGATION, RESEARCH, ...)", Kind.LINES),
			new Field("expirationDate", "This authorization expires on (YYYY-MM-DD)", Kind.TEXT),
			new Field("expirationEvent", "... or upon this event", Kind.TEXT),
			new Field("statements_rightToRevoke", "I may revoke this authorization in writing at any time", Kind.CHECK),
			new Field("statements_conditioning",
					"Treatment, payment, enrollment or eligibility is not conditioned on signing", Kind.CHECK),
			new Field("statements_redisclosure", "Information disclosed may be redisclosed and no longer protected",
					Kind.CHECK),
			new Field("statements_part2Redisclosure", "42 CFR Part 2 notice prohibiting redisclosure applies",
					Kind.CHECK),
			new Field("statements_rightToInspect", "I may inspect or copy the information disclosed", Kind.CHECK),
			new Field("plainLanguage", "This form is written in plain language", Kind.CHECK),
			new Field("compoundWith", "Combined with, one per line (RESEARCH_CONSENT, ...)", Kind.LINES),
			new Field("conditionedOnSigning", "Treatment or payment was conditioned on signing", Kind.CHECK),
			new Field("initiatedBy", "Initiated by (INDIVIDUAL or REQUESTER)", Kind.TEXT),
			new Field("signer_type", "Signed by (PATIENT or PERSONAL_REPRESENTATIVE)", Kind.TEXT),
			new Field("signer_name", "Name of the signer", Kind.TEXT),
			new Field("signer_authorityDescription", "Representative's authority (e.g. health care proxy)", Kind.TEXT),
			new Field("signed", "Signed", Kind.CHECK),
			new Field("signatureDate", "Date signed (YYYY-MM-DD)", Kind.TEXT),
			new Field("stateForm", "State form identifier, if any (e.g. NY-DOH-2557)", Kind.TEXT));

	/** The blank form, as served for download. */
	public byte[] blank() {
		PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
		PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			document.getDocumentInformation().setTitle("Authorization for release of protected health information");
			PDAcroForm form = new PDAcroForm(document);
			document.getDocumentCatalog().setAcroForm(form);
			PDResources resources = new PDResources();
			resources.put(COSName.getPDFName("Helv"), font);
			form.setDefaultResources(resources);
			form.setDefaultAppearance("/Helv 9 Tf 0 g");
			PDPage page = null;
			PDPageContentStream text = null;
			float y = 0;
			for (Field field : FIELDS) {
				float height = (field.kind() == Kind.LINES) ? 2 * ROW : ROW;
				if (page == null || y - height < MARGIN) {
					if (text != null) {
						text.close();
					}
					page = new PDPage(PDRectangle.LETTER);
					document.addPage(page);
					text = new PDPageContentStream(document, page);
					y = PDRectangle.LETTER.getHeight() - MARGIN;
					if (document.getNumberOfPages() == 1) {
						TextPdf.line(text, bold, 13, MARGIN, y,
								"AUTHORIZATION FOR RELEASE OF PROTECTED HEALTH INFORMATION");
						y -= 18;
						TextPdf.line(text, font, 8, MARGIN, y,
								"45 CFR 164.508. Fill in every field; RecordHub reads this form "
										+ "when you upload it with a retrieval request.");
						y -= 22;
					}
				}
				TextPdf.line(text, font, 8, MARGIN, y - 9, field.label());
				PDRectangle box = (field.kind() == Kind.CHECK) ? new PDRectangle(MARGIN + 430, y - 14, 12, 12)
						: new PDRectangle(MARGIN + 260, y - height + 8, 252, height - 10);
				// the box is drawn on the page too, so it shows in every viewer and on
				// paper
				text.addRect(box.getLowerLeftX(), box.getLowerLeftY(), box.getWidth(), box.getHeight());
				text.stroke();
				if (field.kind() == Kind.CHECK) {
					checkBox(document, form, page, field.name(), box);
				}
				else {
					textField(form, page, field.name(), box, field.kind() == Kind.LINES);
				}
				y -= height;
			}
			if (text != null) {
				text.close();
			}
			document.save(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Whether the PDF is this form (has its fields). */
	public boolean isThisForm(byte[] pdf) {
		try (PDDocument document = Loader.loadPDF(pdf)) {
			PDAcroForm form = document.getDocumentCatalog().getAcroForm();
			return form != null && form.getField("signatureDate") != null && form.getField("patient_family") != null;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Reads a filled form into the structured authorization. A blank field is "not
	 * present".
	 * @throws IllegalArgumentException naming the field whose value cannot be read
	 */
	public AuthorizationForm read(byte[] pdf) {
		Map<String, String> values = new LinkedHashMap<>();
		try (PDDocument document = Loader.loadPDF(pdf)) {
			PDAcroForm form = document.getDocumentCatalog().getAcroForm();
			if (form == null) {
				throw new IllegalArgumentException("The PDF has no form fields");
			}
			for (Field field : FIELDS) {
				PDField pdField = form.getField(field.name());
				if (pdField instanceof PDCheckBox box) {
					values.put(field.name(), box.isChecked() ? "true" : null);
				}
				else if (pdField != null) {
					String value = pdField.getValueAsString();
					values.put(field.name(), (value == null || value.isBlank()) ? null : value.trim());
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("The PDF cannot be read: " + ex.getMessage(), ex);
		}
		Patient patient = (values.get("patient_family") != null || values.get("patient_given") != null)
				? new Patient(new Patient.Name(lines(values, "patient_given"), values.get("patient_family")),
						date(values, "patient_birthDate"), List.of())
				: null;
		AuthorizationForm.Signer signer = (values.get("signer_type") != null || values.get("signer_name") != null)
				? new AuthorizationForm.Signer(upper(values.get("signer_type")), values.get("signer_name"),
						values.get("signer_authorityDescription"))
				: null;
		DateRange range = (values.get("authorizedDateRange_from") != null
				&& values.get("authorizedDateRange_to") != null)
						? new DateRange(date(values, "authorizedDateRange_from"),
								date(values, "authorizedDateRange_to"))
						: null;
		return new AuthorizationForm(patient, flag(values, "signed"), date(values, "signatureDate"), signer,
				upper(values.get("initiatedBy")), lines(values, "disclosers"), flag(values, "anyProviderMayDisclose"),
				lines(values, "recipients"), values.get("informationDescription"), range,
				lines(values, "informationCategories"), lines(values, "purposes"), date(values, "expirationDate"),
				values.get("expirationEvent"),
				new AuthorizationForm.Statements(flag(values, "statements_rightToRevoke"),
						flag(values, "statements_conditioning"), flag(values, "statements_redisclosure"),
						flag(values, "statements_part2Redisclosure"), flag(values, "statements_rightToInspect")),
				flag(values, "plainLanguage"), null, lines(values, "compoundWith"),
				flag(values, "conditionedOnSigning"), values.get("stateForm"), null, null);
	}

	private static Boolean flag(Map<String, String> values, String name) {
		return values.get(name) != null;
	}

	private static List<String> lines(Map<String, String> values, String name) {
		String value = values.get(name);
		return (value == null) ? List.of()
				: Arrays.stream(value.split("[\\r\\n,;]+")).map(String::trim).filter((s) -> !s.isEmpty()).toList();
	}

	private static LocalDate date(Map<String, String> values, String name) {
		String value = values.get(name);
		try {
			return (value != null) ? LocalDate.parse(value) : null;
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("Form field " + name + " is not a date (YYYY-MM-DD)");
		}
	}

	private static String upper(String value) {
		return (value != null) ? value.toUpperCase(java.util.Locale.ROOT).replace(' ', '_') : null;
	}

	private static void textField(PDAcroForm form, PDPage page, String name, PDRectangle box, boolean multiline)
			throws IOException {
		PDTextField field = new PDTextField(form);
		field.setPartialName(name);
		field.setDefaultAppearance("/Helv 9 Tf 0 g");
		field.setMultiline(multiline);
		place(form, field, page, box);
		field.setValue("");
	}

	private static void checkBox(PDDocument document, PDAcroForm form, PDPage page, String name, PDRectangle box)
			throws IOException {
		PDCheckBox field = new PDCheckBox(form);
		field.setPartialName(name);
		PDAnnotationWidget widget = place(form, field, page, box);
		COSDictionary normal = new COSDictionary();
		normal.setItem(COSName.getPDFName("Yes"), appearance(document, box, true));
		normal.setItem(COSName.Off, appearance(document, box, false));
		PDAppearanceDictionary appearance = new PDAppearanceDictionary();
		appearance.getCOSObject().setItem(COSName.N, normal);
		widget.setAppearance(appearance);
		field.unCheck();
	}

	/** Adds the field to the form and its widget to the page, in the box. */
	private static PDAnnotationWidget place(PDAcroForm form, PDTerminalField field, PDPage page, PDRectangle box)
			throws IOException {
		form.getFields().add(field);
		PDAnnotationWidget widget = field.getWidgets().get(0);
		widget.setRectangle(box);
		widget.setPage(page);
		widget.setPrinted(true);
		page.getAnnotations().add(widget);
		return widget;
	}

	private static PDAppearanceStream appearance(PDDocument document, PDRectangle box, boolean checked)
			throws IOException {
		PDAppearanceStream stream = new PDAppearanceStream(document);
		stream.setBBox(new PDRectangle(box.getWidth(), box.getHeight()));
		try (PDPageContentStream content = new PDPageContentStream(document, stream)) {
			if (checked) {
				content.moveTo(2, 2);
				content.lineTo(box.getWidth() - 2, box.getHeight() - 2);
				content.moveTo(2, box.getHeight() - 2);
				content.lineTo(box.getWidth() - 2, 2);
				content.stroke();
			}
		}
		return stream;
	}

	private enum Kind {

		TEXT, LINES, CHECK

	}

	private record Field(String name, String label, Kind kind) {
	}

}
