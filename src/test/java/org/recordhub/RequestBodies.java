package org.recordhub;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.recordhub.document.TextPdf;

/** Retrieval request bodies as a requester's system would send them. */
public final class RequestBodies {

	/** A signed authorization document, as the requester scanned it. */
	public static final byte[] AUTHORIZATION_PDF = TextPdf.render("Authorization",
			"# AUTHORIZATION FOR RELEASE OF PROTECTED HEALTH INFORMATION\nSigned by the patient on 2026-10-01");

	private RequestBodies() {
	}

	public static Map<String, Object> request(String given, String family, String birthDate, String... providers) {
		Map<String, Object> patient = Map.of("name", Map.of("given", List.of(given), "family", family), "birthDate",
				birthDate, "identifiers", List.of(Map.of("system", "urn:oid:1.2.3.4", "value", "MRN-" + family)));
		Map<String, Object> authorization = new LinkedHashMap<>();
		authorization.put("patient", patient);
		authorization.put("signed", true);
		authorization.put("signatureDate", "2026-10-01");
		authorization.put("signer", Map.of("type", "PATIENT", "name", given + " " + family));
		authorization.put("anyProviderMayDisclose", true);
		authorization.put("recipients", List.of("Smith & Lee LLP"));
		authorization.put("informationDescription", "All records 2023-01-01 to 2024-06-30");
		authorization.put("authorizedDateRange", Map.of("from", "2023-01-01", "to", "2024-06-30"));
		authorization.put("informationCategories", List.of("GENERAL"));
		authorization.put("purposes", List.of("LITIGATION"));
		authorization.put("expirationDate", "2036-10-01");
		authorization.put("statements", Map.of("rightToRevoke", true, "conditioning", true, "redisclosure", true));
		authorization.put("plainLanguage", true);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("patient", patient);
		body.put("authorization", authorization);
		body.put("authorizationDocument", Base64.getEncoder().encodeToString(AUTHORIZATION_PDF));
		body.put("providers", List.of(providers));
		body.put("dateRange", Map.of("from", "2023-01-01", "to", "2024-06-30"));
		// everything the provider has; tests of completeness ask for particular types
		body.put("recordTypes", List.of("ALL"));
		body.put("purpose", "LITIGATION");
		body.put("priority", "ROUTINE");
		return body;
	}

	public static String json(Map<String, Object> body) {
		return TestEnvironment.JSON.writeValueAsString(body);
	}

}
