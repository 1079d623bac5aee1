package org.recordhub;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Organization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider directory through its API, on the database a subclass names: editing
 * entries, importing FHIR Bundles, and importing the CMS NPPES file in its real
 * 330-column layout, twice, to see the second month's file update the first in place.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DirectoryTests {

	private static final Path NPPES = Path.of("src/test/resources/nppes");

	private static final String HOSPITAL = "npi-1234567893";

	private static final String ORTHOPEDICS = "npi-1987654328";

	private static final String DOCTOR = "npi-1543219871";

	private TestEnvironment env;

	abstract TestDatabase database();

	@BeforeAll
	void startRecordHub() throws Exception {
		this.env = new TestEnvironment(database());
		this.env.start();
	}

	@AfterAll
	void stopRecordHub() throws Exception {
		this.env.close();
	}

	@Test
	void shouldImportNppesFileAndUpdateItInPlaceNextMonth() throws Exception {
		ApiClient.Response first = this.env.api()
			.post("admin", "/api/v1/providers/nppes", "text/csv",
					Files.readAllBytes(NPPES.resolve("npidata_pfile_20050523-20261109.csv")));
		assertThat(first.status()).as(first.body()).isEqualTo(200);
		// 5 rows: two organisations and a physician; a deactivated NPI never seen and a
		// row
		// without a valid NPI are skipped
		assertThat(first.json().path("rows").asInt()).isEqualTo(5);
		assertThat(first.json().path("created").asInt()).isEqualTo(3);
		assertThat(first.json().path("skipped").asInt()).isEqualTo(2);

		JsonNode hospital = provider(HOSPITAL);
		assertThat(hospital.path("npi").asString()).isEqualTo("1234567893");
		assertThat(hospital.path("name").asString()).isEqualTo("ALBANY COMMUNITY HOSPITAL");
		assertThat(hospital.path("address").path("state").asString()).isEqualTo("NY");
		assertThat(hospital.path("address").path("city").asString()).isEqualTo("ALBANY");
		assertThat(hospital.path("taxonomy").asString()).as("the primary taxonomy, not the first")
			.isEqualTo("282N00000X");
		assertThat(hospital.path("active").asBoolean()).isTrue();
		assertThat(endpoint(hospital, "fax")).isEqualTo("5185550199");
		assertThat(endpoint(provider(ORTHOPEDICS), "fax")).as("no practice fax: the mailing address's")
			.isEqualTo("9735550151");
		JsonNode doctor = provider(DOCTOR);
		assertThat(doctor.path("name").asString()).isEqualTo("ANA M RIVERA, M.D.");
		assertThat(endpoint(doctor, "fax")).isEqualTo("8605550171");

		// staff set the orthopedic practice's own fax line and preferred channel
		Map<String, Object> edited = TestEnvironment.JSON.convertValue(provider(ORTHOPEDICS), Map.class);
		edited.put("endpoints", List.of(Map.of("channel", "fax", "address", "9735550000")));
		edited.put("terms", Map.of("preferredChannel", "fax", "typicalTurnaroundDays", 12));
		assertThat(this.env.api()
			.put("him-staff", "/api/v1/providers/" + ORTHOPEDICS, RequestBodies.json(edited))
			.status()).isEqualTo(200);

		// next month's file, as CMS ships it: a ZIP with the header file beside the data
		ApiClient.Response second = this.env.api()
			.post("admin", "/api/v1/providers/nppes", "application/zip",
					zip(NPPES.resolve("npidata_pfile_20261110-20261116.csv")));
		assertThat(second.status()).as(second.body()).isEqualTo(200);
		assertThat(second.json().path("created").asInt()).isEqualTo(1);
		assertThat(second.json().path("updated").asInt()).isEqualTo(2);

		assertThat(endpoint(provider(HOSPITAL), "fax")).as("the published fax moved, and the endpoint with it")
			.isEqualTo("5185550299");
		JsonNode orthopedics = provider(ORTHOPEDICS);
		assertThat(orthopedics.path("name").asString()).isEqualTo("NEWARK EAST ORTHOPEDICS, P.A.");
		assertThat(orthopedics.path("active").asBoolean()).as("deactivated in NPPES").isFalse();
		assertThat(endpoint(orthopedics, "fax")).as("staff's line stays").isEqualTo("9735550000");
		assertThat(orthopedics.path("terms").path("typicalTurnaroundDays").asInt()).isEqualTo(12);
		assertThat(provider("npi-1432109878").path("name").asString()).isEqualTo("TROY FAMILY MEDICINE");

		// an imported provider needs no route of its own: the shared fax route dials the
		// number from NPPES, and the fax that comes back is matched by its cover sheet
		String requestId = this.env.submit(RequestBodies.request("Jane", "Doe", "1980-04-12", HOSPITAL));
		JsonNode delivered = this.env.awaitStatus(requestId, "DELIVERED");
		assertThat(delivered.path("legs").get(0).path("channel").asString()).isEqualTo("fax");
		String legId = delivered.path("legs").get(0).path("id").asString();
		MimeMessage fax = Arrays.stream(this.env.mail().messages())
			.filter((message) -> subject(message).contains(legId))
			.findFirst()
			.orElseThrow();
		assertThat(fax.getAllRecipients()[0].toString()).isEqualTo("5185550299@fax.sandbox.example");

		// a deactivated provider takes no new requests
		this.env
			.post("requester-a", "/api/v1/requests",
					RequestBodies.json(RequestBodies.request("Jane", "Doe", "1980-04-12", ORTHOPEDICS)))
			.assertProblem(422, "INACTIVE_PROVIDER");

		// search by name and state, by NPI, by channel
		JsonNode albany = this.env.get("him-staff", "/api/v1/providers?q=albany&state=NY").json();
		assertThat(albany.path("totalItems").asInt()).isEqualTo(1);
		assertThat(albany.path("items").get(0).path("id").asString()).isEqualTo(HOSPITAL);
		assertThat(this.env.get("him-staff", "/api/v1/providers?q=1432109878")
			.json()
			.path("items")
			.get(0)
			.path("id")
			.asString()).isEqualTo("npi-1432109878");
		assertThat(this.env.get("him-staff", "/api/v1/providers?channel=fax&size=200").json().path("items").toString())
			.contains(HOSPITAL, ORTHOPEDICS, DOCTOR);
	}

	@Test
	void shouldRefuseFilesThatAreNotNppesAndCallersThatAreNotAdmins() {
		this.env.api()
			.post("admin", "/api/v1/providers/nppes", "text/csv", "name,fax\nClinic,5550100\n".getBytes())
			.assertProblem(422, "INVALID_DIRECTORY_ENTRY");
		this.env.api()
			.post("him-staff", "/api/v1/providers/nppes", "text/csv", "NPI\n".getBytes())
			.assertProblem(403, "FORBIDDEN");
		this.env.get("requester-a", "/api/v1/providers").assertProblem(403, "FORBIDDEN");
	}

	@Test
	void shouldRefuseAnNppesZipBombWithoutFillingMemory() throws java.io.IOException {
		// 200 kB that expands to a 400 MB "data file" of one line: no parser may hold it
		java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
		try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(zip)) {
			out.putNextEntry(new java.util.zip.ZipEntry("npidata_pfile_20260101-20260131.csv"));
			byte[] noLineBreak = new byte[1 << 20];
			java.util.Arrays.fill(noLineBreak, (byte) 'a');
			for (int i = 0; i < 400; i++) {
				out.write(noLineBreak);
			}
		}
		assertThat(zip.size()).isLessThan(1 << 20);
		assertThat(this.env.api()
			.post("admin", "/api/v1/providers/nppes", "application/zip", zip.toByteArray())
			.assertProblem(422, "INVALID_DIRECTORY_ENTRY")
			.json()
			.path("detail")
			.asString()).isEqualTo("Not an NPPES data file: a line is longer than 1048576 characters.");
	}

	@Test
	void shouldCreateReplaceAndDeleteEntries() {
		String mercy = """
				{"id": "mercy", "npi": "1234567893", "name": "Mercy Hospital", "role": "PROVIDER", "active": true,
				 "address": {"line": "1 Main St", "city": "Buffalo", "state": "NY", "postalCode": "14201"},
				 "endpoints": [{"channel": "email", "address": "mailto:roi@mercy.example"},
				               {"channel": "fax", "address": "7165550100"}],
				 "terms": {"preferredChannel": "email", "maxAuthorizationAgeDays": 90,
				           "acceptedAuthorizationForms": ["HIPAA", "MERCY-ROI-1"],
				           "feeSchedule": {"baseFee": 6.50, "perPageFee": 0.25, "currency": "USD"},
				           "typicalTurnaroundDays": 10, "businessHours": "Mon-Fri 08:00-16:30 America/New_York"}}""";
		// the NPI belongs to the imported hospital in the other test; use a fresh valid
		// one
		mercy = mercy.replace("1234567893", "1000000004");
		ApiClient.Response created = this.env.post("him-staff", "/api/v1/providers", mercy);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.location()).isEqualTo("/api/v1/providers/mercy");
		JsonNode stored = provider("mercy");
		assertThat(stored.path("terms").path("feeSchedule").path("perPageFee").decimalValue())
			.isEqualByComparingTo("0.25");
		assertThat(stored.path("terms").path("acceptedAuthorizationForms").toString()).contains("MERCY-ROI-1");
		assertThat(endpoint(stored, "email")).isEqualTo("mailto:roi@mercy.example");

		// the same entry as FHIR
		ApiClient.Response fhir = this.env.send("him-staff",
				java.net.http.HttpRequest
					.newBuilder(java.net.URI.create(this.env.baseUrl() + "/api/v1/providers/mercy"))
					.header("Accept", "application/fhir+json"));
		Bundle bundle = TestEnvironment.FHIR.newJsonParser().parseResource(Bundle.class, fhir.body());
		Organization organization = (Organization) bundle.getEntryFirstRep().getResource();
		assertThat(organization.getIdentifierFirstRep().getSystem()).isEqualTo("http://hl7.org/fhir/sid/us-npi");
		assertThat(organization.getExtensionByUrl("https://recordhub.org/fhir/StructureDefinition/preferred-channel")
			.getValue()
			.primitiveValue()).isEqualTo("email");
		assertThat(bundle.getEntry()).hasSize(3);

		this.env.post("him-staff", "/api/v1/providers", mercy).assertProblem(409, "PROVIDER_EXISTS");
		this.env.post("him-staff", "/api/v1/providers", mercy.replace("\"mercy\"", "\"mercy-east\""))
			.assertProblem(409, "NPI_IN_USE");
		this.env
			.post("him-staff", "/api/v1/providers",
					mercy.replace("\"mercy\"", "\"mercy-2\"").replace("1000000004", "1000000005"))
			.assertProblem(422, "INVALID_DIRECTORY_ENTRY");
		this.env
			.post("him-staff", "/api/v1/providers",
					mercy.replace("\"mercy\"", "\"mercy-3\"").replace("\"fax\"", "\"pigeon\""))
			.assertProblem(422, "INVALID_DIRECTORY_ENTRY");

		ApiClient.Response replaced = this.env.api()
			.put("admin", "/api/v1/providers/mercy", mercy.replace("Mercy Hospital", "Mercy Hospital of Buffalo"));
		assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
		assertThat(provider("mercy").path("name").asString()).isEqualTo("Mercy Hospital of Buffalo");

		// a provider with legs stays, to keep its timelines readable; one without goes
		this.env.submit(RequestBodies.request("Jane", "Doe", "1980-04-12", "mercy"));
		this.env.api().delete("admin", "/api/v1/providers/mercy").assertProblem(409, "PROVIDER_IN_USE");
		String unused = mercy.replace("\"mercy\"", "\"unused-clinic\"").replace("1000000004", "1000000012");
		assertThat(this.env.post("admin", "/api/v1/providers", unused).status()).isEqualTo(201);
		assertThat(this.env.api().delete("admin", "/api/v1/providers/unused-clinic").status()).isEqualTo(204);
		this.env.get("admin", "/api/v1/providers/unused-clinic").assertProblem(404, "PROVIDER_NOT_FOUND");
	}

	@Test
	void shouldImportFhirBundlesAllOrNone() {
		String bundle = """
				{"resourceType": "Bundle", "type": "collection", "entry": [
				  {"resource": {"resourceType": "Organization", "id": "bay-clinic", "name": "Bay Clinic",
				    "address": [{"state": "CA"}], "endpoint": [{"reference": "Endpoint/bay-sftp"}]}},
				  {"resource": {"resourceType": "Endpoint", "id": "bay-sftp", "status": "active",
				    "connectionType": {"system": "https://recordhub.org/fhir/CodeSystem/channel", "code": "sftp"},
				    "payloadType": [{"text": "records"}], "address": "sftp://sftp.bay.example/inbox"}},
				  {"resource": {"resourceType": "Organization", "id": "dune-clinic", "name": "Dune Clinic",
				    "endpoint": [%s]}}]}""";
		this.env.api()
			.post("admin", "/api/v1/providers", "application/fhir+json",
					bundle.formatted("{\"reference\": \"Endpoint/missing\"}").getBytes())
			.assertProblem(422, "INVALID_DIRECTORY_ENTRY");
		this.env.get("admin", "/api/v1/providers/bay-clinic").assertProblem(404, "PROVIDER_NOT_FOUND");

		ApiClient.Response imported = this.env.api()
			.post("admin", "/api/v1/providers", "application/fhir+json", bundle.formatted("").getBytes());
		assertThat(imported.status()).as(imported.body()).isEqualTo(200);
		assertThat(imported.json().path("ids").toString()).isEqualTo("[\"bay-clinic\",\"dune-clinic\"]");
		assertThat(endpoint(provider("bay-clinic"), "sftp")).isEqualTo("sftp://sftp.bay.example/inbox");
		assertThat(provider("bay-clinic").path("address").path("state").asString()).isEqualTo("CA");
	}

	private static String subject(MimeMessage message) {
		try {
			return message.getSubject();
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private JsonNode provider(String id) {
		ApiClient.Response response = this.env.get("him-staff", "/api/v1/providers/" + id);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private static String endpoint(JsonNode provider, String channel) {
		for (JsonNode endpoint : provider.path("endpoints")) {
			if (endpoint.path("channel").asString().equals(channel)) {
				return endpoint.path("address").asString();
			}
		}
		return null;
	}

	private static byte[] zip(Path data) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			String name = data.getFileName().toString();
			zip.putNextEntry(new ZipEntry(name.replace(".csv", "_FileHeader.csv")));
			zip.write(Files.readAllLines(data).get(0).getBytes());
			zip.putNextEntry(new ZipEntry(name));
			zip.write(Files.readAllBytes(data));
		}
		return bytes.toByteArray();
	}

}
