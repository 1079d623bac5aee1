package org.recordhub.channel.fax;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import org.apache.pdfbox.multipdf.PDFMergerUtility;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.recordhub.document.Fonts;
import org.recordhub.document.TextPdf;

/**
 * The first page of every fax RecordHub sends: the request and leg ids as text and as a
 * QR code ({@code recordhub:leg:<id>}), so a provider's answer that starts with it can be
 * matched to its leg.
 */
public final class FaxCoverSheet {

	/** What the QR code says, before the leg id. */
	public static final String QR_PREFIX = "recordhub:leg:";

	private FaxCoverSheet() {
	}

	/** The cover sheet followed by the documents, as one PDF. */
	public static byte[] fax(String requestId, String legId, String to, String from, List<byte[]> documents) {
		try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			PDFMergerUtility merger = new PDFMergerUtility();
			merger.addSource(new RandomAccessReadBuffer(coverSheet(requestId, legId, to, from)));
			for (byte[] document : documents) {
				merger.addSource(new RandomAccessReadBuffer(document));
			}
			merger.setDestinationStream(out);
			merger.mergeDocuments(null);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static byte[] coverSheet(String requestId, String legId, String to, String from) {
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			PDFont bold = Fonts.bold(document);
			PDFont regular = Fonts.regular(document);
			PDPage page = new PDPage(PDRectangle.LETTER);
			document.addPage(page);
			PDImageXObject qr = LosslessFactory.createFromImage(document, qr(QR_PREFIX + legId));
			try (PDPageContentStream content = new PDPageContentStream(document, page)) {
				float top = PDRectangle.LETTER.getHeight() - 72;
				TextPdf.line(content, bold, 20, 72, top, "FAX - REQUEST FOR MEDICAL RECORDS");
				TextPdf.line(content, regular, 12, 72, top - 40, "To: " + to);
				TextPdf.line(content, regular, 12, 72, top - 58, "From: " + from + " (via RecordHub)");
				TextPdf.line(content, bold, 12, 72, top - 94, "Request ID: " + requestId);
				TextPdf.line(content, bold, 12, 72, top - 112, "Leg ID: " + legId);
				TextPdf.line(content, regular, 11, 72, top - 148,
						"When you fax the records back, send this page first: its code identifies the request.");
				content.drawImage(qr, 72, top - 400, 216, 216);
			}
			document.save(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static BufferedImage qr(String text) {
		try {
			// high error correction survives fax resolution and noise
			return MatrixToImageWriter.toBufferedImage(new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 300, 300,
					Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.H, EncodeHintType.MARGIN, 2)));
		}
		catch (WriterException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
