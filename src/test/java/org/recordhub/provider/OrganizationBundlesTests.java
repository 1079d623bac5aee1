package org.recordhub.provider;

import java.math.BigDecimal;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrganizationBundlesTests {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	@Test
	void shouldWriteAndReadBackEveryFieldThroughFhirJson() {
		Provider mercy = new Provider("mercy", "1234567893", "Mercy Hospital", Provider.Role.PROVIDER, false,
				new Provider.Address("1 Main St", "Buffalo", "NY", "14201"), "7165550101", "7165550100", "282N00000X",
				List.of(new Provider.Endpoint("fhir", "https://ehr.mercy.example/fhir"),
						new Provider.Endpoint("fax", "7165550100")),
				new Provider.Terms("fhir", 90, List.of("HIPAA", "MERCY-ROI-1"),
						new Provider.FeeSchedule(new BigDecimal("6.50"), new BigDecimal("0.25"), "USD"), 10,
						"Mon-Fri 08:00-16:30 America/New_York"));
		String json = FHIR.newJsonParser().encodeResourceToString(OrganizationBundles.write(mercy));
		List<Provider> read = OrganizationBundles.read(FHIR.newJsonParser().parseResource(Bundle.class, json));
		assertThat(read).containsExactly(mercy);
	}

	@Test
	void shouldNameTheEndpointAnOrganizationReferencesButTheBundleLacks() {
		String json = """
				{"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"resourceType": "Organization",
				  "id": "bay", "name": "Bay", "endpoint": [{"reference": "Endpoint/bay-fax"}]}}]}""";
		assertThatThrownBy(() -> OrganizationBundles.read(FHIR.newJsonParser().parseResource(Bundle.class, json)))
			.isInstanceOf(InvalidDirectoryEntryException.class)
			.hasMessageContaining("Endpoint/bay-fax");
	}

}
