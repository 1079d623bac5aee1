package org.recordhub.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.recordhub.document.TextPdf;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox provider's release-of-information clerk: reads a request manifest and
 * answers with the patient's record, a PDF of several visit notes (one per page) naming
 * the patient, the birth date and each date of service within the requested range. The
 * notes are the synthetic clinical notes of the shared corpus when they are there, else a
 * short built-in note.
 */
public class SandboxClerk implements Function<byte[], SandboxSftpServer.Response> {

	/**
	 * Synthea writes names like "Sumiko254 Larue605"; the clerk files the note under our
	 * patient.
	 */
	private static final Pattern SYNTHETIC_NAME = Pattern.compile("\\b[A-Z][a-z]+\\d+ [A-Z][a-z]+\\d+\\b");

	private static final int NOTES_PER_RECORD = 3;

	private static final int MAX_NOTE_LINES = 40;

	private final JsonMapper json;

	private final List<String> notes;

	public SandboxClerk(JsonMapper json, Path notesDirectory) {
		this.json = json;
		this.notes = notes(notesDirectory);
	}

	@Override
	public SandboxSftpServer.Response apply(byte[] manifestJson) {
		JsonNode manifest = this.json.readTree(manifestJson);
		String legId = manifest.path("legId").asString();
		JsonNode patient = manifest.path("patient");
		List<String> given = new ArrayList<>();
		patient.path("name").path("given").forEach((name) -> given.add(name.asString()));
		String name = String.join(" ", given) + " " + patient.path("name").path("family").asString();
		String birthDate = patient.path("birthDate").asString();
		LocalDate from = LocalDate.parse(manifest.path("dateRange").path("from").asString());
		LocalDate to = LocalDate.parse(manifest.path("dateRange").path("to").asString());
		return new SandboxSftpServer.Response(legId + "-records.pdf", TextPdf.render("Medical record",
				record(legId, manifest.path("provider").asString(), name.trim(), birthDate, from, to)));
	}

	/**
	 * Answers a faxed request the way a clinic does: faxes back RecordHub's cover sheet
	 * (page 1 of what it received, with the QR code) followed by the record, read off the
	 * cover letter's patient and dates. The file name says nothing about the leg.
	 */
	public SandboxSftpServer.Response answerFax(byte[] fax, String faxNumber) {
		try (PDDocument received = Loader.loadPDF(fax)) {
			String text = new PDFTextStripper().getText(received);
			String legId = find(text, "Leg ID: (\\S+)");
			String[] range = find(text, "Dates of service: (\\d{4}-\\d{2}-\\d{2} to \\d{4}-\\d{2}-\\d{2})")
				.split(" to ");
			byte[] record = TextPdf.render("Medical record",
					record(legId, find(text, "To: (.+?)(?: - Release of Information)?\\R"),
							find(text, "Name: (.+?)\\R"), find(text, "Date of birth: (\\S+)"),
							LocalDate.parse(range[0]), LocalDate.parse(range[1])));
			try (PDDocument answer = new PDDocument(); PDDocument pages = Loader.loadPDF(record)) {
				answer.importPage(received.getPage(0));
				for (PDPage page : pages.getPages()) {
					answer.importPage(page);
				}
				ByteArrayOutputStream out = new ByteArrayOutputStream();
				answer.save(out);
				return new SandboxSftpServer.Response("fax-from-" + faxNumber + ".pdf", out.toByteArray());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String find(String text, String pattern) {
		Matcher matcher = Pattern.compile(pattern).matcher(text);
		if (!matcher.find()) {
			throw new IllegalArgumentException("The fax has no " + pattern);
		}
		return matcher.group(1).trim();
	}

	String record(String legId, String provider, String patientName, String birthDate, LocalDate from, LocalDate to) {
		long days = Math.max(ChronoUnit.DAYS.between(from, to), 0);
		List<String> pages = new ArrayList<>();
		int first = Math.floorMod(legId.hashCode(), this.notes.size());
		for (int i = 0; i < NOTES_PER_RECORD; i++) {
			LocalDate service = from.plusDays(days * (i + 1) / (NOTES_PER_RECORD + 1));
			String note = SYNTHETIC_NAME.matcher(this.notes.get((first + i) % this.notes.size()))
				.replaceAll(patientName);
			List<String> lines = note.lines().limit(MAX_NOTE_LINES).toList();
			pages.add(String.join("\n", "# " + provider.toUpperCase() + " - MEDICAL RECORD",
					"Patient: " + patientName + "    Date of birth: " + birthDate, "Date of service: " + service,
					"Reference: " + legId, "", String.join("\n", lines)));
		}
		return String.join("\f", pages);
	}

	private static List<String> notes(Path directory) {
		if (directory != null && Files.isDirectory(directory)) {
			try (Stream<Path> files = Files.list(directory)) {
				List<String> texts = new ArrayList<>();
				for (Path file : files.filter((f) -> f.toString().endsWith(".txt")).sorted().toList()) {
					texts.add(Files.readString(file));
				}
				if (!texts.isEmpty()) {
					return texts;
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return List.of("""
				# Chief Complaint
				- Follow-up visit

				# History of Present Illness
				Patient returns for a scheduled follow-up. Reports improved energy and no new complaints.

				# Assessment and Plan
				Stable. Continue current medications. Return in six months.""");
	}

}
