package org.recordhub.document;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.recordhub.channel.fax.FaxCoverSheet;
import org.recordhub.sandbox.FaxMachine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finding the leg a returned fax is for from RecordHub's cover sheet: its QR code, else
 * the id printed on it, read by the real Tesseract.
 */
class CoverSheetsTests {

	private static final Ocr OCR = new Ocr("/usr/share/tesseract-ocr/5/tessdata", "eng", 2);

	private static final String LEG = "0b5f6c1e-6a0e-4b7f-9a3e-1d2c3b4a5f60";

	private static final String OTHER = "7d1c0a2b-3e4f-4a5b-8c6d-9e0f1a2b3c4d";

	@AfterAll
	static void closeEngines() {
		OCR.close();
	}

	@Test
	void shouldReadThePrintedLegIdWhenTheFaxDestroyedTheQrCode() throws IOException {
		byte[] fax = FaxCoverSheet.fax("request-1", LEG, "Riverside Clinic", "Smith & Lee LLP",
				List.of(TextPdf.render("Record", "Patient: Jane Doe\nProgress note.")));
		byte[] returned = FaxMachine.fax(Scans.withoutQrCode(fax), 204, 98);
		assertThat(CoverSheets.legId(returned)).as("the QR code is gone").isEmpty();
		String text = PatientMatch.firstPages(returned, OCR);
		assertThat(CoverSheets.printedLegId(text, List.of(OTHER, LEG))).contains(LEG);
	}

	@Test
	void shouldMendWhatOcrConfusesInAPrintedId() {
		assertThat(CoverSheets.printedLegId("Leg ID: Ob5f6c1e-6aOe-4b7f-9a3e-ld2c3b4a5f6O", List.of(OTHER, LEG)))
			.as("O for 0, l for 1")
			.contains(LEG);
		assertThat(CoverSheets.printedLegId("Leg lD: 0b5f6c1e-6a0e -4b7f-9a3e-1d2c3b4a5f60", List.of(LEG)))
			.as("a space inside, lD for ID")
			.contains(LEG);
		assertThat(CoverSheets.printedLegId("Leg ID: 0b5f6c1e-6a0e-4b7f-9a3e-1d2c3b4aSf6", List.of(OTHER, LEG)))
			.as("a character misread and one lost")
			.contains(LEG);
	}

	@Test
	void shouldNeverGuessAnIdThatIsNotCloseToAWaitingLeg() {
		assertThat(CoverSheets.printedLegId("Leg ID: " + LEG, List.of(OTHER))).as("not waiting").isEmpty();
		assertThat(CoverSheets.printedLegId("Leg ID: 0b5f6c1e-6a0e-4b7f-0000-000000000000", List.of(LEG)))
			.as("too garbled")
			.isEmpty();
		assertThat(CoverSheets.printedLegId("Patient: Jane Doe " + LEG, List.of(LEG))).as("no label").isEmpty();
	}

}
