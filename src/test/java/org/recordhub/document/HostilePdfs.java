package org.recordhub.document;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/** Small PDFs that attack a reader, made for tests as an attacker would make them. */
public final class HostilePdfs {

	private HostilePdfs() {
	}

	/** A letter page whose page tree holds itself: walking it never ends. */
	public static byte[] cyclicPageTree() {
		return save((document) -> {
			document.addPage(new PDPage(PDRectangle.LETTER));
			COSDictionary pages = document.getPages().getCOSObject();
			COSArray kids = pages.getCOSArray(COSName.KIDS);
			kids.add(0, pages);
			pages.setInt(COSName.COUNT, 2);
		});
	}

	/**
	 * A letter page drawing a one-pixel image that declares {@code width} x
	 * {@code height} pixels.
	 */
	public static byte[] drawingAnImageOf(int width, int height) {
		return save((document) -> {
			PDPage page = new PDPage(PDRectangle.LETTER);
			document.addPage(page);
			COSStream stream = document.getDocument().createCOSStream();
			try (OutputStream out = stream.createOutputStream(COSName.FLATE_DECODE)) {
				out.write(new byte[] { 0 });
			}
			stream.setItem(COSName.TYPE, COSName.XOBJECT);
			stream.setItem(COSName.SUBTYPE, COSName.IMAGE);
			stream.setItem(COSName.WIDTH, COSInteger.get(width));
			stream.setItem(COSName.HEIGHT, COSInteger.get(height));
			stream.setItem(COSName.BITS_PER_COMPONENT, COSInteger.get(8));
			stream.setItem(COSName.COLORSPACE, COSName.DEVICEGRAY);
			PDImageXObject image = new PDImageXObject(new org.apache.pdfbox.pdmodel.common.PDStream(stream), null);
			try (PDPageContentStream content = new PDPageContentStream(document, page)) {
				content.drawImage(image, 0, 0, 612, 792);
			}
		});
	}

	private interface Content {

		void add(PDDocument document) throws IOException;

	}

	private static byte[] save(Content content) {
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			content.add(document);
			document.save(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
