package org.recordhub;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.recordhub.authorization.FilledForms;
import org.recordhub.channel.email.EmailPackets;
import org.recordhub.document.TextPdf;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real browser (Debian's chromium, headless, through its
 * chromedriver): HIM staff find a request, follow its timeline live, assign an unmatched
 * file; a requester approves a fee and submits a request with its signed form; charts
 * render; no organisation opens another's request. Takes the README's screenshot.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private TestEnvironment env;

	private ChromeDriver browser;

	@BeforeAll
	void start() throws Exception {
		this.env = new TestEnvironment(TestDatabase.H2);
		this.env.start();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(System.getProperty("recordhub.test.chromium", "/usr/bin/chromium"));
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1360,1700",
				"--lang=en-US");
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(System.getProperty("recordhub.test.chromedriver", "/usr/bin/chromedriver")))
			.build();
		this.browser = new ChromeDriver(service, options);
	}

	@AfterAll
	void stop() throws Exception {
		if (this.browser != null) {
			this.browser.quit();
		}
		this.env.close();
	}

	@BeforeEach
	void signedOut() {
		this.browser.get(this.env.baseUrl() + "/login");
		this.browser.manage().deleteAllCookies();
	}

	@AfterEach
	void answering() {
		this.env.sftp().setAnswering(true);
		this.env.mail().setAnswering(true);
		// every page worked without a script error
		List<LogEntry> errors = this.browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
			.filter((entry) -> !entry.getMessage().contains("404") && !entry.getMessage().contains("403"))
			.toList();
		assertThat(errors).as("browser console errors").isEmpty();
	}

	@Test
	void shouldLetStaffFindARequestAssignItsUnmatchedFileAndWatchItDeliverLive() throws IOException {
		this.env.sftp().setAnswering(false);
		String requestId = this.env
			.submit(RequestBodies.request("Barbara", "McClintock", "1902-06-16", "sandbox-clinic"));
		String legId = this.env.awaitLegState(requestId, "SUBMITTED").path("legs").get(0).path("id").asString();
		this.env.sftp()
			.send("scan-5150.pdf",
					TextPdf.render("Progress note",
							"PROGRESS NOTE\nPatient: Barbara McClintock\nDate of service: 2023-09-12\n"
									+ "Assessment and plan: follow up in two weeks."));
		await().atMost(PATIENCE).until(() -> this.env.fileNamed("UNMATCHED", "scan-5150.pdf") != null);

		signIn("him-staff");
		// find it by the patient's name
		this.browser.get(this.env.baseUrl() + "/dashboard/requests?patient=mcclintock");
		assertThat(this.browser.findElements(By.cssSelector("a.request-link"))).hasSize(1);
		assertThat(this.browser.findElement(By.cssSelector("table.list tbody")).getText())
			.contains("Barbara McClintock", "Riverside Family Clinic", "Submitted");
		submit(this.browser.findElement(By.cssSelector("a.request-link")));
		assertThat(this.browser.findElement(By.id("patient-name")).getText()).isEqualTo("Barbara McClintock");
		assertThat(legText(legId)).contains("Submitted", "sftp", "Next scheduled action");

		// the unmatched file, assigned to its leg from the work queue
		this.browser.get(this.env.baseUrl() + "/dashboard/queues");
		WebElement row = this.browser.findElement(By.cssSelector("tr.unmatched-file[data-file-name='scan-5150.pdf']"));
		new Select(row.findElement(By.name("legId"))).selectByValue(legId);
		submit(row.findElement(By.cssSelector("button[type=submit]")));
		assertThat(flash()).contains("File assigned");
		assertThat(this.browser.findElements(By.cssSelector("tr.unmatched-file[data-file-name='scan-5150.pdf']")))
			.isEmpty();

		// the request page follows the leg to delivery without being reloaded
		this.browser.get(this.env.baseUrl() + "/dashboard/requests/" + requestId);
		((JavascriptExecutor) this.browser).executeScript("window.notReloaded = true;");
		new WebDriverWait(this.browser, PATIENCE).until((driver) -> legText(legId).contains("Delivered"));
		assertThat(((JavascriptExecutor) this.browser).executeScript("return window.notReloaded === true;"))
			.isEqualTo(true);
		String panel = legText(legId);
		assertThat(panel).contains("Progress note", "2023-09-12", "assigned by him-staff", "Records received",
				"Delivered");
		// each document's first page as a picture
		this.browser.get(this.env.baseUrl() + "/dashboard/requests/" + requestId);
		WebElement thumbnail = this.browser.findElement(By.cssSelector(".documents img"));
		new WebDriverWait(this.browser, PATIENCE).until((driver) -> (Boolean) ((JavascriptExecutor) driver)
			.executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0;", thumbnail));
		screenshot("request-detail.png");
		// the searchable PDF opens for staff, its viewing on the leg's timeline; never
		// for
		// another organisation
		String pdf = this.browser.findElement(By.cssSelector(".documents a[href*='/pdf']"))
			.getDomAttribute("href")
			.replaceAll("#.*", "");
		ApiClient.Response opened = this.env.get("him-staff", pdf);
		assertThat(opened.status()).isEqualTo(200);
		assertThat(opened.contentType()).startsWith("application/pdf");
		assertThat(new String(opened.bytes(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
		assertThat(this.env.get("requester-b", pdf).status()).isEqualTo(404);

		// the views are audited on the request's timeline
		JsonNode timeline = this.env.get("admin", "/api/v1/requests/" + requestId).json().path("timeline");
		assertThat(timeline.findValuesAsString("detail"))
			.anyMatch((detail) -> detail.equals("Request detail viewed in the dashboard by him-staff"))
			.anyMatch((detail) -> detail.matches("Records PDF \\S+ viewed in the dashboard by him-staff"));
	}

	@Test
	void shouldLetARequesterApproveAFeeAndKeepOtherOrganisationsOut() {
		this.env.mail().setAnswering(false);
		ApiClient.Response created = this.env.post("requester-b", "/api/v1/requests",
				RequestBodies.json(RequestBodies.request("Lise", "Meitner", "1878-11-07", "lakeside-ortho")));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String acme = created.json().path("id").asString();
		String legId = created.json().path("legs").get(0).path("id").asString();
		await().atMost(PATIENCE).until(() -> legState("requester-b", acme).equals("SUBMITTED"));
		this.env.mail()
			.sendFromProvider("Re: " + EmailPackets.subject(legId), "Our invoice: $75.00 for 300 pages.", null, null);
		await().atMost(PATIENCE).until(() -> legState("requester-b", acme).equals("AWAITING_FEE_APPROVAL"));
		String smithLee = this.env.submit(RequestBodies.request("Rachel", "Carson", "1907-05-27", "sandbox-clinic"));

		signIn("requester-b");
		this.browser.get(this.env.baseUrl() + "/dashboard/requests/" + acme);
		assertThat(legText(legId)).contains("Awaiting fee approval", "$75.00");
		submit(this.browser.findElement(By.cssSelector("#leg-" + legId + " button.approve-fee")));
		assertThat(flash()).contains("Fee approved");
		assertThat(legState("requester-b", acme)).isEqualTo("IN_PROGRESS");
		assertThat(legText(legId)).contains("Fee approved by requester-b");

		// another organisation's request, by URL: not found, and nothing of it shown
		this.browser.get(this.env.baseUrl() + "/dashboard/requests/" + smithLee);
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
		assertThat(this.browser.getPageSource()).doesNotContain("Carson");
		this.browser.get(this.env.baseUrl() + "/dashboard/requests/" + smithLee + "/legs");
		assertThat(this.browser.getPageSource()).doesNotContain("Carson").contains("Not found");
		this.browser.get(this.env.baseUrl() + "/dashboard/requests");
		assertThat(this.browser.findElement(By.cssSelector("table.list")).getText()).contains("Lise Meitner")
			.doesNotContain("Rachel Carson");
		// requesters have no work queues
		this.browser.get(this.env.baseUrl() + "/dashboard/queues");
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");
		// a form posted without its CSRF token is refused as forbidden (not "method not
		// allowed")
		ApiClient.Response forged = this.env.send("requester-b", java.net.http.HttpRequest
			.newBuilder(
					java.net.URI.create(this.env.baseUrl() + "/dashboard/requests/" + acme + "/legs/" + legId + "/fee"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString("approved=true")));
		assertThat(forged.status()).isEqualTo(403);
		assertThat(forged.body()).contains("Not allowed");
		// their analytics count their own organisation's requests
		this.browser.get(this.env.baseUrl() + "/dashboard/analytics");
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("Analytics");
		assertThat(this.browser.findElement(By.cssSelector("p.hint")).getText())
			.isEqualTo("Your organisation’s requests (acme-insurance) only.");
	}

	@Test
	void shouldLetARequesterSubmitARequestWithItsSignedFormFromTheBrowser() throws IOException {
		Path form = Files.createTempFile("authorization", ".pdf");
		Files.write(form, FilledForms.complete("Dorothy", "Hodgkin", "1910-05-12"));
		signIn("requester-a");
		this.browser.get(this.env.baseUrl() + "/dashboard/requests/new");
		// without the signed form: told what is missing, nothing submitted
		this.browser.findElement(By.id("family")).sendKeys("Hodgkin");
		((JavascriptExecutor) this.browser).executeScript("document.querySelector('form.stacked').noValidate = true;");
		submit(this.browser.findElement(By.cssSelector("form.stacked button[type=submit]")));
		assertThat(this.browser.findElement(By.cssSelector("ul.problem")).getText())
			.contains("Attach the signed authorization", "Choose at least one provider");

		this.browser.findElement(By.id("given")).sendKeys("Dorothy");
		setDate("birthDate", "1910-05-12");
		setDate("from", "2023-01-01");
		setDate("to", "2024-06-30");
		this.browser.findElement(By.cssSelector("input[name=providers][value='sandbox-clinic']")).click();
		this.browser.findElement(By.cssSelector("input[type=file]")).sendKeys(form.toString());
		submit(this.browser.findElement(By.cssSelector("form.stacked button[type=submit]")));
		new WebDriverWait(this.browser, PATIENCE)
			.until((driver) -> driver.findElements(By.id("patient-name")).size() == 1);
		assertThat(this.browser.findElement(By.id("patient-name")).getText()).isEqualTo("Dorothy Hodgkin");
		String requestId = this.browser.getCurrentUrl().replaceAll(".*/requests/", "");
		JsonNode request = this.env.get("requester-a", "/api/v1/requests/" + requestId).json();
		assertThat(request.path("organizationId").asString()).isEqualTo("smith-lee");
		assertThat(request.path("authorization").path("signer").path("name").asString()).isEqualTo("Dorothy Hodgkin");
		assertThat(request.path("authorizationDocumentSha256").asString()).isNotBlank();
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldLetStaffReplayADeadLetterOnceTheCauseIsFixedAndReviewASensitiveAuthorization() throws IOException {
		// the imposter clinic's SFTP host key does not match the pinned one: the leg
		// fails
		String failed = this.env.submit(RequestBodies.request("Ada", "Lovelace", "1815-12-10", "imposter-clinic"));
		String failedLeg = this.env.awaitLegState(failed, "FAILED").path("legs").get(0).path("id").asString();
		Map<String, Object> sensitive = RequestBodies.request("Rosalind", "Franklin", "1920-07-25", "sandbox-clinic");
		((Map<String, Object>) sensitive.get("authorization")).put("informationCategories", List.of("HIV"));
		sensitive.put("informationCategories", List.of("HIV"));
		String review = this.env.submit(sensitive);
		String reviewLeg = this.env.get("him-staff", "/api/v1/requests/" + review)
			.json()
			.path("legs")
			.get(0)
			.path("id")
			.asString();
		await().atMost(PATIENCE)
			.until(() -> !List.of("NEW", "AUTHORIZATION_CHECK").contains(legState("him-staff", review)));

		signIn("him-staff");
		this.browser.get(this.env.baseUrl() + "/dashboard/queues");
		WebElement letter = this.browser.findElement(By.cssSelector("tr.dead-letter[data-leg-id='" + failedLeg + "']"));
		assertThat(letter.getText()).contains("recordhub.dispatch.sftp.imposter-clinic")
			.containsIgnoringCase("hostkey");
		assertThat(this.browser.findElement(By.cssSelector("tr.review[data-leg-id='" + reviewLeg + "']")).getText())
			.contains("Rosalind Franklin", "SENSITIVE_CATEGORIES");

		// the operator pins the right host key, then replays the message
		Path pinned = this.env.directory().resolve("wrong_known_hosts");
		String wrong = Files.readString(pinned);
		Files.copy(this.env.directory().resolve("known_hosts"), pinned, StandardCopyOption.REPLACE_EXISTING);
		try {
			submit(letter.findElement(By.cssSelector("button[type=submit]")));
			assertThat(flash()).contains("replayed");
			await().atMost(PATIENCE).until(() -> legState("him-staff", failed).equals("SUBMITTED"));
		}
		finally {
			Files.writeString(pinned, wrong);
		}
		assertThat(this.browser.findElements(By.cssSelector("tr.dead-letter[data-leg-id='" + failedLeg + "']")))
			.isEmpty();
		assertThat(this.env.get("him-staff", "/api/v1/requests/" + failed)
			.json()
			.path("timeline")
			.findValuesAsString("type")).contains("DEAD_LETTER_REPLAYED");

		// reviewed: off the queue, and on the leg's timeline
		submit(this.browser.findElement(By.cssSelector("tr.review[data-leg-id='" + reviewLeg + "'] button")));
		assertThat(flash()).contains("reviewed");
		assertThat(this.browser.findElements(By.cssSelector("tr.review[data-leg-id='" + reviewLeg + "']"))).isEmpty();
		assertThat(this.env.get("him-staff", "/api/v1/requests/" + review).json().toString())
			.contains("Authorization findings reviewed by him-staff");
	}

	@Test
	void shouldDrawTheChartsAndOfferTheirDataAsCsv() {
		signIn("him-staff");
		// the first Tab offers to skip the navigation
		this.browser.switchTo().activeElement().sendKeys(Keys.TAB);
		assertThat(this.browser.switchTo().activeElement().getText()).isEqualTo("Skip to content");
		this.browser.get(this.env.baseUrl() + "/dashboard/analytics");
		assertThat(this.browser.findElements(By.cssSelector(".chart"))).hasSize(6);
		new WebDriverWait(this.browser, PATIENCE)
			.until((driver) -> !driver.findElements(By.cssSelector("#chart-volume svg path")).isEmpty());
		assertThat(this.browser.findElements(By.cssSelector("#chart-turnaround svg"))).hasSize(1);
		// an address with a value that does not exist is a clear 400 page, not an error
		ApiClient.Response unreadable = this.env.get("him-staff", "/dashboard/requests?status=LOST");
		assertThat(unreadable.status()).isEqualTo(400);
		assertThat(unreadable.body()).contains("Not understood", "status");
		ApiClient.Response csv = this.env.get("him-staff", "/dashboard/analytics/volume.csv");
		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.body()).startsWith("category,requests submitted,legs delivered");
		assertThat(csv.body().lines()).hasSize(13);

		// the rules page: every rule set in force, its scenarios passing; explain a
		// scenario
		this.browser.get(this.env.baseUrl() + "/dashboard/rules");
		assertThat(this.browser.findElement(By.id("rules-authorization")).getText()).contains("0 failed");
		assertThat(this.browser.findElement(By.id("rules-escalation")).getText()).contains("0 failed");
		submit(this.browser.findElement(By.cssSelector("#explain form[method=post] button")));
		assertThat(this.browser.findElement(By.cssSelector(".verdict")).getText()).contains("Rule set",
				"rules that fired");
	}

	/**
	 * By keyboard alone: the user name field has the focus (the browser gives it after
	 * the page has loaded, so that is waited for), Tab, the password, Enter signs in.
	 */
	private void signIn(String user) {
		this.browser.get(this.env.baseUrl() + "/login");
		WebElement focused = new WebDriverWait(this.browser, PATIENCE).until((driver) -> {
			WebElement active = driver.switchTo().activeElement();
			return "username".equals(active.getDomAttribute("id")) ? active : null;
		});
		markPage();
		focused.sendKeys(user, Keys.TAB, user + "-pass", Keys.ENTER);
		awaitNextPage();
		assertThat(this.browser.getCurrentUrl()).as("signed in as " + user).endsWith("/dashboard/requests");
	}

	/**
	 * Clicks a link or a form's button and waits for the next page (so nothing is read
	 * from the page before it).
	 */
	private void submit(WebElement element) {
		markPage();
		element.click();
		awaitNextPage();
	}

	/** Marks the page in the browser, so that the next one is known by not having it. */
	private void markPage() {
		((JavascriptExecutor) this.browser).executeScript("window.previousPage = true;");
	}

	/**
	 * Waits until the browser shows a page loaded after {@link #markPage()}: while it
	 * navigates, the browser may answer with errors about the page it is leaving.
	 */
	private void awaitNextPage() {
		new WebDriverWait(this.browser, PATIENCE).ignoring(WebDriverException.class)
			.until((driver) -> (Boolean) ((JavascriptExecutor) driver)
				.executeScript("return window.previousPage === undefined && document.readyState === 'complete';"));
	}

	/** What the page says an action did (or why it did nothing). */
	private String flash() {
		return new WebDriverWait(this.browser, PATIENCE).until(
				(driver) -> driver.findElements(By.cssSelector(".notice, .problem")).stream().findFirst().orElse(null))
			.getText();
	}

	/**
	 * The leg's panel as the reader sees it; the page's live refresh may swap the panel
	 * between finding and reading it, then it is read again.
	 */
	private String legText(String legId) {
		return new WebDriverWait(this.browser, PATIENCE).ignoring(StaleElementReferenceException.class)
			.until((driver) -> driver.findElement(By.id("leg-" + legId)).getText());
	}

	private void setDate(String id, String date) {
		((JavascriptExecutor) this.browser).executeScript("document.getElementById(arguments[0]).value = arguments[1];",
				id, date);
	}

	private String legState(String user, String requestId) {
		return this.env.get(user, "/api/v1/requests/" + requestId).json().path("legs").get(0).path("state").asString();
	}

	/** Into target/screenshots; the README's picture is a copy of it. */
	private void screenshot(String name) throws IOException {
		Path directory = Files.createDirectories(Path.of("target/screenshots"));
		Files.copy(this.browser.getScreenshotAs(OutputType.FILE).toPath(), directory.resolve(name),
				StandardCopyOption.REPLACE_EXISTING);
	}

}
