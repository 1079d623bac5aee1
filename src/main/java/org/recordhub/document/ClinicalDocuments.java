package org.recordhub.document;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * A C-CDA (HL7 CDA R2) document as pages: a header page set (title, patient, dates of
 * service, author, custodian, document type) followed by the narrative of every section
 * as a reviewer reads it (paragraphs, lists, tables row by row), rendered as a text PDF;
 * an unstructured body (a PDF, TIFF, JPEG or PNG carried in base64) follows as its own
 * pages. Parsed with DTDs and external entities refused.
 */
final class ClinicalDocuments {

	static final String HL7 = "urn:hl7-org:v3";

	private ClinicalDocuments() {
	}

	/** The document's pages, or {@link UnreadableFileException} with the reason. */
	static RecordPages pages(byte[] xml) {
		Element document = parse(xml).getDocumentElement();
		if (!HL7.equals(document.getNamespaceURI()) || !"ClinicalDocument".equals(document.getLocalName())) {
			throw new UnreadableFileException("XML that is not a C-CDA document (its root is " + document.getTagName()
					+ ", not ClinicalDocument in " + HL7 + ")");
		}
		StringBuilder text = new StringBuilder();
		header(document, text);
		Element body = child(child(document, "component"), "structuredBody");
		if (body != null) {
			for (Element component : children(body, "component")) {
				section(child(component, "section"), text);
			}
		}
		Element unstructured = child(child(document, "component"), "nonXMLBody");
		Supplier<RecordPages> attached = (unstructured != null) ? unstructured(child(unstructured, "text"), text)
				: null;
		String title = textOf(child(document, "title"));
		Supplier<RecordPages> rendered = () -> new RecordPages.Pdf(
				TextPdf.render(title.isEmpty() ? "Clinical document" : title, text.toString()));
		return (attached != null) ? RecordPages.Parts.of(List.of(rendered, attached)) : rendered.get();
	}

	private static org.w3c.dom.Document parse(byte[] xml) {
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setNamespaceAware(true);
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			factory.setXIncludeAware(false);
			factory.setExpandEntityReferences(false);
			DocumentBuilder builder = factory.newDocumentBuilder();
			builder.setErrorHandler(null);
			return builder.parse(new ByteArrayInputStream(xml));
		}
		catch (SAXException ex) {
			throw new UnreadableFileException("Malformed XML: " + ex.getMessage());
		}
		catch (ParserConfigurationException | IOException ex) {
			throw new UnreadableFileException("Unreadable XML: " + ex.getMessage());
		}
	}

	/** The lines RecordHub's readers look for: patient, birth date, dates of service. */
	private static void header(Element document, StringBuilder text) {
		String title = textOf(child(document, "title"));
		text.append("# ").append(title.isEmpty() ? "Clinical document" : title).append('\n');
		Element role = child(child(document, "recordTarget"), "patientRole");
		Element patient = child(role, "patient");
		line(text, "Patient", name(child(patient, "name")));
		line(text, "Date of birth", date(attribute(child(patient, "birthTime"), "value")));
		Element gender = child(patient, "administrativeGenderCode");
		line(text, "Sex", attribute(gender, "displayName").isEmpty() ? attribute(gender, "code")
				: attribute(gender, "displayName"));
		Element id = child(role, "id");
		line(text, "MRN", attribute(id, "extension"));
		Element service = child(child(child(document, "documentationOf"), "serviceEvent"), "effectiveTime");
		if (service == null) {
			service = child(child(child(document, "componentOf"), "encompassingEncounter"), "effectiveTime");
		}
		line(text, "Date of service", period(service));
		line(text, "Document date", date(attribute(child(document, "effectiveTime"), "value")));
		Element author = child(child(document, "author"), "assignedAuthor");
		line(text, "Author", join(name(child(child(author, "assignedPerson"), "name")),
				textOf(child(child(author, "representedOrganization"), "name"))));
		line(text, "Custodian", textOf(child(
				child(child(child(document, "custodian"), "assignedCustodian"), "representedCustodianOrganization"),
				"name")));
		Element code = child(document, "code");
		if (code != null) {
			line(text, "Document type",
					join(attribute(code, "code").isEmpty() ? "" : "LOINC " + attribute(code, "code"),
							attribute(code, "displayName")));
		}
		text.append('\n');
	}

	private static void section(Element section, StringBuilder text) {
		if (section == null) {
			return;
		}
		String title = textOf(child(section, "title"));
		if (!title.isEmpty()) {
			text.append("# ").append(title).append('\n');
		}
		Element narrative = child(section, "text");
		if (narrative != null) {
			StringBuilder block = new StringBuilder();
			narrative(narrative, block);
			text.append(block.toString().replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip())
				.append("\n\n");
		}
		for (Element component : children(section, "component")) {
			section(child(component, "section"), text);
		}
	}

	/** CDA narrative block markup as plain lines. */
	private static void narrative(Node node, StringBuilder out) {
		for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
			if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
				out.append(child.getNodeValue().replaceAll("\\s+", " "));
			}
			else if (child instanceof Element element) {
				switch (element.getLocalName()) {
					case "br" -> out.append('\n');
					case "paragraph", "caption", "tr" -> {
						out.append('\n');
						if ("tr".equals(element.getLocalName())) {
							List<String> cells = new ArrayList<>();
							for (Element cell : children(element, null)) {
								StringBuilder value = new StringBuilder();
								narrative(cell, value);
								cells.add(value.toString().strip());
							}
							out.append(String.join(" | ", cells));
						}
						else {
							narrative(element, out);
						}
						out.append('\n');
					}
					case "item" -> {
						out.append("\n- ");
						narrative(element, out);
						out.append('\n');
					}
					case "renderMultiMedia", "footnoteRef" -> {
						// pictures and footnote marks have no text of their own
					}
					default -> narrative(element, out);
				}
			}
		}
	}

	/** A PDF or image carried in the body, or text added to the narrative. */
	private static Supplier<RecordPages> unstructured(Element body, StringBuilder text) {
		if (body == null) {
			throw new UnreadableFileException("The C-CDA's unstructured body has no content");
		}
		if (child(body, "reference") != null && body.getTextContent().isBlank()) {
			throw new UnreadableFileException("The C-CDA's body is only a reference to "
					+ attribute(child(body, "reference"), "value") + "; the document itself is not included");
		}
		String mediaType = attribute(body, "mediaType").toLowerCase(Locale.ROOT);
		boolean base64 = "B64".equalsIgnoreCase(attribute(body, "representation"));
		if (!base64 && (mediaType.isEmpty() || mediaType.startsWith("text/plain"))) {
			text.append(body.getTextContent().strip()).append('\n');
			return null;
		}
		byte[] content;
		try {
			content = Base64.getMimeDecoder().decode(body.getTextContent().strip());
		}
		catch (IllegalArgumentException ex) {
			throw new UnreadableFileException("The C-CDA's unstructured body is not valid base64");
		}
		if (mediaType.startsWith("text/plain")) {
			text.append(new String(content, java.nio.charset.StandardCharsets.UTF_8).strip()).append('\n');
			return null;
		}
		return () -> {
			try {
				return RecordPages.openSingle(content);
			}
			catch (UnreadableFileException ex) {
				throw new UnreadableFileException(
						"The C-CDA's unstructured body (" + mediaType + "): " + ex.getMessage());
			}
		};
	}

	private static String name(Element name) {
		if (name == null) {
			return "";
		}
		List<String> parts = new ArrayList<>();
		children(name, "given").forEach((given) -> parts.add(textOf(given)));
		parts.add(textOf(child(name, "family")));
		String whole = String.join(" ", parts.stream().filter((part) -> !part.isEmpty()).toList());
		return whole.isEmpty() ? textOf(name) : whole;
	}

	private static String period(Element time) {
		if (time == null) {
			return "";
		}
		String value = date(attribute(time, "value"));
		if (!value.isEmpty()) {
			return value;
		}
		String low = date(attribute(child(time, "low"), "value"));
		String high = date(attribute(child(time, "high"), "value"));
		return (high.isEmpty() || high.equals(low)) ? low : low + " to " + high;
	}

	/** An HL7 timestamp ({@code yyyyMMdd[HHmm...]}) as an ISO date. */
	private static String date(String timestamp) {
		if (timestamp.length() < 8 || !timestamp.substring(0, 8).chars().allMatch(Character::isDigit)) {
			return "";
		}
		return timestamp.substring(0, 4) + "-" + timestamp.substring(4, 6) + "-" + timestamp.substring(6, 8);
	}

	private static void line(StringBuilder text, String label, String value) {
		if (!value.isBlank()) {
			text.append(label).append(": ").append(value.strip()).append('\n');
		}
	}

	private static String join(String first, String second) {
		return (first.isEmpty() || second.isEmpty()) ? first + second : first + ", " + second;
	}

	private static String textOf(Element element) {
		return (element != null) ? element.getTextContent().replaceAll("\\s+", " ").strip() : "";
	}

	private static String attribute(Element element, String name) {
		return (element != null) ? element.getAttribute(name) : "";
	}

	private static Element child(Element parent, String name) {
		List<Element> all = (parent != null) ? children(parent, name) : List.of();
		return all.isEmpty() ? null : all.get(0);
	}

	/** Child elements in the HL7 namespace with that local name (any, when null). */
	private static List<Element> children(Element parent, String name) {
		List<Element> found = new ArrayList<>();
		for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
			if (child instanceof Element element && HL7.equals(element.getNamespaceURI())
					&& (name == null || name.equals(element.getLocalName()))) {
				found.add(element);
			}
		}
		return found;
	}

}
