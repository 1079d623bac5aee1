package org.recordhub;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.recordhub.channel.email.EmailPackets;
import org.recordhub.document.TextPdf;
import org.recordhub.escalation.EscalationPass;
import org.recordhub.escalation.EscalationRules;
import org.recordhub.sandbox.FaxMachine;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Follow-ups and escalation against real servers, with RecordHub's clock moved forward
 * through business days instead of waiting: the follow-up, escalation, channel switch and
 * records story, and copy fees approved automatically, by the requester, or declined.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EscalationIT {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private TestEnvironment env;

	@BeforeAll
	void start() throws Exception {
		this.env = new TestEnvironment(TestDatabase.H2);
		this.env.start();
	}

	@AfterAll
	void stop() throws Exception {
		this.env.close();
	}

	@AfterEach
	void backToNow() {
		this.env.clock().reset();
		this.env.sftp().setAnswering(true);
		this.env.mail().setAnswering(true);
	}

	@Test
	void shouldFollowUpEscalateSwitchChannelAndTakeTheRecordsWhenTheyCome() throws Exception {
		this.env.sftp().setAnswering(false);
		String requestId = this.env.submit(RequestBodies.request("Rosalind", "Elsie", "1920-07-25", "slow-clinic"));
		JsonNode submitted = this.env.awaitLegState(requestId, "SUBMITTED");
		String legId = submitted.path("legs").get(0).path("id").asString();
		assertThat(submitted.path("legs").get(0).path("channel").asString()).isEqualTo("sftp");
		Instant sent = Instant.now();

		// a business day later: nothing yet
		passOn(sent, 1);
		assertThat(count(requestId, "FOLLOW_UP_SENT")).isZero();

		// two business days: not acknowledged, a follow-up goes into the clinic's inbox
		passOn(sent, 2);
		awaitCount(requestId, "FOLLOW_UP_SENT", 1);
		assertThat(this.env.sftp().root().resolve("slow-inbox").resolve(legId + "-follow-up-1.pdf")).exists();
		// every five business days after that, another; none in between
		passOn(sent, 4);
		passOn(sent, 7);
		awaitCount(requestId, "FOLLOW_UP_SENT", 2);
		passOn(sent, 12);
		awaitCount(requestId, "FOLLOW_UP_SENT", 3);

		// fifteen business days without records: HIM staff are told
		passOn(sent, 15);
		JsonNode escalated = awaitEvent(requestId, "ESCALATED");
		assertThat(event(escalated, "ESCALATED").path("detail").asString()).contains("Level 1 (HIM staff)",
				"no records 15 business days after submission");
		assertThat(event(escalated, "ESCALATED").path("ruleSetVersion").asString()).startsWith("escalation@");
		// the leg says where it stands: three follow-ups, level 1, checked again next
		// business day
		JsonNode clock = escalated.path("legs").get(0).path("clock");
		assertThat(clock.path("followUps").asInt()).isEqualTo(3);
		assertThat(clock.path("escalationLevel").asInt()).isEqualTo(1);
		assertThat(Instant.parse(clock.path("nextCheckAt").asString())).isAfter(this.env.clock().instant());

		// three follow-ups unanswered on SFTP: the next channel, email, is tried
		passOn(sent, 17);
		JsonNode switched = awaitEvent(requestId, "CHANNEL_SWITCHED");
		assertThat(event(switched, "CHANNEL_SWITCHED").path("detail").asString()).contains("trying email");
		await().atMost(PATIENCE)
			.until(() -> this.env.mail().messagesTo("roi@slow-clinic.example"), (m) -> !m.isEmpty());
		this.env.awaitLegState(requestId, "SUBMITTED");
		assertThat(count(requestId, "FOLLOW_UP_SENT")).as(() -> get(requestId).path("timeline").toString())
			.isEqualTo(3);

		// the clinic answers the email with the records
		this.env.mail()
			.sendToRecordHub("roi@slow-clinic.example", "Re: " + EmailPackets.subject(legId), "Records attached.",
					TextPdf.render("Records",
							"PROGRESS NOTE\nPatient: Rosalind Elsie\nDate of service: 2023-06-01\n" + "Well."),
					legId + "-records.pdf");
		JsonNode delivered = this.env.awaitStatus(requestId, "DELIVERED");
		// and, delivered, it is no longer followed up
		assertThat(delivered.path("legs").get(0).path("clock").has("nextCheckAt")).isFalse();
		int followUps = count(delivered, "FOLLOW_UP_SENT");
		passOn(sent, 25);
		assertThat(count(get(requestId), "FOLLOW_UP_SENT")).isEqualTo(followUps);
		assertThat(EndToEndTests.types(get(requestId))).doesNotContain("OVERDUE");
	}

	@Test
	void shouldApproveAFeeWithinTheRequestersLimitAndTellTheProvider() throws Exception {
		this.env.mail().setAnswering(false);
		// Smith & Lee approve copy fees up to $50 beforehand (directory)
		String requestId = this.env.submit(RequestBodies.request("Ada", "Byron", "1915-12-10", "lakeside-ortho"));
		String legId = this.env.awaitLegState(requestId, "SUBMITTED").path("legs").get(0).path("id").asString();
		this.env.mail()
			.sendFromProvider("Re: " + EmailPackets.subject(legId), "A fee of $30.00 applies; please confirm.", null,
					null);
		this.env.awaitLegState(requestId, "AWAITING_FEE_APPROVAL");

		pass();
		JsonNode approved = this.env.awaitLegState(requestId, "IN_PROGRESS");
		assertThat(transitionReason(approved, "IN_PROGRESS")).contains("Fee approved automatically",
				"$30.00 is within the requester's pre-approved $50");
		// the provider hears it
		MimeMessage approval = await().atMost(PATIENCE)
			.until(() -> followUpsTo("records@lakeside-ortho.example", legId), (m) -> !m.isEmpty())
			.get(0);
		assertThat(approval.getSubject()).startsWith("Follow-up #1: ");
	}

	@Test
	void shouldAskTheRequesterAboutAFeeAboveItsLimitAndFollowItsAnswer() throws Exception {
		this.env.mail().setAnswering(false);
		// Acme has no pre-approved limit: it is asked, declines one fee and approves
		// another
		String declined = submitAsAcme("Grace", "Brewster", "1906-12-09");
		String approved = submitAsAcme("Alan", "Mathison", "1912-06-23");
		for (String requestId : List.of(declined, approved)) {
			String legId = awaitAcme(requestId, "SUBMITTED").path("legs").get(0).path("id").asString();
			this.env.mail()
				.sendFromProvider("Re: " + EmailPackets.subject(legId), "Our invoice: $75.00 for 300 pages.", null,
						null);
			awaitAcme(requestId, "AWAITING_FEE_APPROVAL");
		}
		pass();
		JsonNode asked = awaitAcme(declined, "AWAITING_FEE_APPROVAL");
		await().atMost(PATIENCE).until(() -> EndToEndTests.types(acme(declined)).contains("REQUESTER_ASKED"));
		MimeMessage notice = await().atMost(PATIENCE)
			.until(() -> this.env.mail().messagesTo("claims@acme-insurance.example"),
					(m) -> m.stream().anyMatch((message) -> subject(message).contains("copy fee")))
			.stream()
			.filter((message) -> subject(message).contains("copy fee"))
			.findFirst()
			.orElseThrow();
		assertThat(notice.getContent().toString()).contains("$75.00", "no pre-approved limit", "/fee-approval")
			.doesNotContain("Grace", "Brewster", "Alan", "Mathison");

		String declinedLeg = asked.path("legs").get(0).path("id").asString();
		ApiClient.Response no = this.env.post("requester-b",
				"/api/v1/requests/" + declined + "/legs/" + declinedLeg + "/fee-approval",
				"{\"approved\": false, \"note\": \"too expensive\"}");
		assertThat(no.status()).as(no.body()).isEqualTo(200);
		assertThat(awaitAcme(declined, "CANCELLED").path("status").asString()).isEqualTo("CANCELLED");

		String approvedLeg = acme(approved).path("legs").get(0).path("id").asString();
		// another organisation cannot answer for Acme
		this.env
			.post("requester-a", "/api/v1/requests/" + approved + "/legs/" + approvedLeg + "/fee-approval",
					"{\"approved\": true}")
			.assertProblem(404, "REQUEST_NOT_FOUND");
		assertThat(this.env
			.post("requester-b", "/api/v1/requests/" + approved + "/legs/" + approvedLeg + "/fee-approval",
					"{\"approved\": true}")
			.status()).isEqualTo(200);
		awaitAcme(approved, "IN_PROGRESS");
		assertThat(await().atMost(PATIENCE)
			.until(() -> followUpsTo("records@lakeside-ortho.example", approvedLeg), (m) -> !m.isEmpty())).hasSize(1);
		// answering again is refused: the leg no longer waits for it
		this.env
			.post("requester-b", "/api/v1/requests/" + approved + "/legs/" + approvedLeg + "/fee-approval",
					"{\"approved\": true}")
			.assertProblem(409, "ILLEGAL_STATE_TRANSITION");
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldKeepThePatientAccessClockOfHipaaWithAndWithoutTheExtension() {
		this.env.sftp().setAnswering(false);
		// submitted on a Monday: day 20 is then 14 business days at most, before the
		// business-day escalation (a weekend start would bring both on day 20)
		EscalationRules rules = this.env.bean(EscalationRules.class);
		this.env.clock()
			.set(LocalDate.now(this.env.clock().withZone(rules.zone()))
				.with(TemporalAdjusters.next(DayOfWeek.MONDAY))
				.atTime(LocalTime.NOON)
				.atZone(rules.zone())
				.toInstant());
		java.util.Map<String, Object> body = RequestBodies.request("Marie", "Sklodowska", "1967-11-07", "slow-clinic");
		body.put("purpose", "AT_REQUEST_OF_INDIVIDUAL");
		java.util.Map<String, Object> authorization = (java.util.Map<String, Object>) body.get("authorization");
		authorization.put("purposes", List.of("AT_REQUEST_OF_INDIVIDUAL"));
		authorization.put("initiatedBy", "INDIVIDUAL");
		String access = this.env.submit(body);
		String other = this.env.submit(RequestBodies.request("Lise", "Planck", "1958-11-07", "slow-clinic"));
		String legId = this.env.awaitLegState(access, "SUBMITTED").path("legs").get(0).path("id").asString();
		String otherLeg = this.env.awaitLegState(other, "SUBMITTED").path("legs").get(0).path("id").asString();
		Instant sent = this.env.clock().instant();

		// day 20 of 30: HIM staff are told, with the regulation
		onCalendarDay(sent, 20);
		JsonNode escalated = awaitEvent(access, "ESCALATED");
		assertThat(event(escalated, "ESCALATED").path("detail").asString()).contains("day 20 of the HIPAA 30-day clock",
				"45 CFR 164.524(b)(2)");
		assertThat(EndToEndTests.types(get(other))).doesNotContain("ESCALATED");

		// HIM staff extend it once, with the reason; requesters cannot; once only
		String extend = "/api/v1/requests/" + access + "/legs/" + legId + "/extension";
		this.env.post("requester-a", extend, "{\"reason\": \"records in off-site storage\"}")
			.assertProblem(403, "FORBIDDEN");
		assertThat(this.env.post("him-staff", extend, "{\"reason\": \"records in off-site storage\"}").status())
			.isEqualTo(200);
		this.env.post("him-staff", extend, "{\"reason\": \"again\"}").assertProblem(409, "ILLEGAL_STATE_TRANSITION");
		// only a patient's own request has the clock
		this.env
			.post("him-staff", "/api/v1/requests/" + other + "/legs/" + otherLeg + "/extension",
					"{\"reason\": \"records in off-site storage\"}")
			.assertProblem(409, "ILLEGAL_STATE_TRANSITION");

		// day 30 with the extension: not overdue; day 60: overdue, and the requester is
		// told
		onCalendarDay(sent, 31);
		assertThat(EndToEndTests.types(get(access))).contains("HIPAA_EXTENSION").doesNotContain("OVERDUE");
		onCalendarDay(sent, 60);
		JsonNode overdue = awaitEvent(access, "OVERDUE");
		assertThat(event(overdue, "OVERDUE").path("detail").asString()).contains("after the 30-day extension",
				"45 CFR 164.524(b)(2)(iii)");
		assertThat(EndToEndTests.types(get(other))).doesNotContain("OVERDUE");
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldMarkAPatientAccessRequestOverdueAfterThirtyDaysWithoutTheExtension() {
		this.env.sftp().setAnswering(false);
		java.util.Map<String, Object> body = RequestBodies.request("Chien", "Shiung", "1962-05-31", "slow-clinic");
		body.put("purpose", "AT_REQUEST_OF_INDIVIDUAL");
		java.util.Map<String, Object> authorization = (java.util.Map<String, Object>) body.get("authorization");
		authorization.put("purposes", List.of("AT_REQUEST_OF_INDIVIDUAL"));
		authorization.put("initiatedBy", "INDIVIDUAL");
		String access = this.env.submit(body);
		this.env.awaitLegState(access, "SUBMITTED");
		Instant sent = Instant.now();
		onCalendarDay(sent, 29);
		assertThat(EndToEndTests.types(get(access))).doesNotContain("OVERDUE");
		onCalendarDay(sent, 30);
		assertThat(event(awaitEvent(access, "OVERDUE"), "OVERDUE").path("detail").asString())
			.contains("unanswered after 30 days", "45 CFR 164.524(b)(2)(i)");
	}

	/**
	 * Moves the clock to noon of the n-th calendar day after {@code from}'s day, and runs
	 * a pass.
	 */
	private void onCalendarDay(Instant from, int days) {
		EscalationRules rules = this.env.bean(EscalationRules.class);
		LocalDate day = from.atZone(rules.zone()).toLocalDate().plusDays(days);
		this.env.clock().set(day.atTime(LocalTime.NOON).atZone(rules.zone()).toInstant());
		pass();
	}

	@Test
	void shouldReadAFaxedNoteFromTheProviderAsAMessageAndAskTheRequester() {
		this.env.sftp().setAnswering(false);
		String requestId = this.env.submit(RequestBodies.request("Emmy", "Noether", "1882-03-23", "sandbox-clinic"));
		String legId = this.env.awaitLegState(requestId, "SUBMITTED").path("legs").get(0).path("id").asString();
		// the clinic faxes back a cover note, not records: OCR reads it as a question
		byte[] note = FaxMachine.fax(TextPdf.render("Fax",
				"RIVERSIDE FAMILY CLINIC - RELEASE OF INFORMATION\n\n" + "Regarding your request " + legId
						+ ":\nPlease clarify the date range requested. We hold records " + "from two facilities."),
				204, 196);
		this.env.sftp().send(legId + "-note.tif", note);
		JsonNode asked = this.env.awaitLegState(requestId, "NEEDS_INFORMATION");
		assertThat(event(asked, "PROVIDER_MESSAGE").path("detail").asString())
			.containsIgnoringCase("clarify the date range")
			.contains("[understood as NEEDS_INFORMATION]");
		assertThat(asked.path("legs").get(0).path("documents")).isEmpty();
		// the requester is asked, answers, and the answer goes to the clinic
		pass();
		awaitEvent(requestId, "REQUESTER_ASKED");
		assertThat(this.env
			.post("requester-a", "/api/v1/requests/" + requestId + "/legs/" + legId + "/information",
					"{\"answer\": \"2023-01-01 to 2024-06-30, both facilities\"}")
			.status()).isEqualTo(200);
		this.env.awaitLegState(requestId, "IN_PROGRESS");
		await().atMost(PATIENCE)
			.until(() -> java.nio.file.Files.exists(this.env.sftp().inbox().resolve(legId + "-follow-up-1.pdf")));
	}

	private void pass() {
		this.env.bean(EscalationPass.class).run();
	}

	/**
	 * Moves the clock to noon of the n-th business day after the day of {@code from}, and
	 * runs a pass.
	 */
	private void passOn(Instant from, int businessDays) {
		EscalationRules rules = this.env.bean(EscalationRules.class);
		LocalDate day = from.atZone(rules.zone()).toLocalDate();
		for (int i = 0; i < businessDays; i++) {
			day = rules.calendar().nextBusinessDay(day, null);
		}
		this.env.clock().set(day.atTime(LocalTime.NOON).atZone(rules.zone()).toInstant());
		pass();
	}

	private JsonNode get(String requestId) {
		return this.env.get("requester-a", "/api/v1/requests/" + requestId).json();
	}

	private JsonNode awaitEvent(String requestId, String type) {
		return await().atMost(PATIENCE)
			.until(() -> get(requestId), (request) -> EndToEndTests.types(request).contains(type));
	}

	private void awaitCount(String requestId, String type, int count) {
		await().atMost(PATIENCE).until(() -> count(requestId, type), (n) -> n == count);
	}

	private int count(String requestId, String type) {
		return count(get(requestId), type);
	}

	private static int count(JsonNode request, String type) {
		return (int) EndToEndTests.types(request).stream().filter(type::equals).count();
	}

	private static JsonNode event(JsonNode request, String type) {
		return EndToEndTests.event(request, type);
	}

	private static String transitionReason(JsonNode request, String toState) {
		for (JsonNode event : request.path("timeline")) {
			if (toState.equals(event.path("toState").asString())) {
				return event.path("detail").asString();
			}
		}
		throw new AssertionError("No move to " + toState);
	}

	private String submitAsAcme(String given, String family, String birthDate) {
		ApiClient.Response created = this.env.post("requester-b", "/api/v1/requests",
				RequestBodies.json(RequestBodies.request(given, family, birthDate, "lakeside-ortho")));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().path("id").asString();
	}

	private JsonNode acme(String requestId) {
		return this.env.get("requester-b", "/api/v1/requests/" + requestId).json();
	}

	private JsonNode awaitAcme(String requestId, String state) {
		return await().atMost(PATIENCE)
			.until(() -> acme(requestId), (r) -> r.path("legs").get(0).path("state").asString().equals(state));
	}

	private List<MimeMessage> followUpsTo(String address, String legId) {
		return this.env.mail()
			.messagesTo(address)
			.stream()
			.filter((message) -> subject(message).startsWith("Follow-up") && subject(message).contains(legId))
			.toList();
	}

	private static String subject(MimeMessage message) {
		try {
			return message.getSubject();
		}
		catch (jakarta.mail.MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
