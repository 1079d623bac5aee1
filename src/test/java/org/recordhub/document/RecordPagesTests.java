package org.recordhub.document;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scanned page goes into the searchable PDF pixel for pixel: grey scans, bilevel scans
 * in either polarity.
 */
class RecordPagesTests {

	@Test
	void shouldEmbedGreyAndBilevelScansWithoutChangingAPixel() throws IOException {
		BufferedImage grey = drawn(new BufferedImage(301, 207, BufferedImage.TYPE_BYTE_GRAY));
		BufferedImage bilevel = drawn(new BufferedImage(301, 207, BufferedImage.TYPE_BYTE_BINARY));
		// a scan whose 0 means white (TIFF WhiteIsZero)
		IndexColorModel whiteIsZero = new IndexColorModel(1, 2, new byte[] { -1, 0 }, new byte[] { -1, 0 },
				new byte[] { -1, 0 });
		BufferedImage inverted = drawn(new BufferedImage(301, 207, BufferedImage.TYPE_BYTE_BINARY, whiteIsZero));
		for (BufferedImage image : List.of(grey, bilevel, inverted)) {
			byte[] pdf;
			try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
				RecordPages.imagePage(document, RecordPages.lossless(document, image), 200, 200);
				document.save(out);
				pdf = out.toByteArray();
			}
			try (PDDocument document = Loader.loadPDF(pdf)) {
				PDImageXObject embedded = (PDImageXObject) document.getPage(0)
					.getResources()
					.getXObject(document.getPage(0).getResources().getXObjectNames().iterator().next());
				BufferedImage back = embedded.getImage();
				for (int y = 0; y < image.getHeight(); y++) {
					for (int x = 0; x < image.getWidth(); x++) {
						// a grey scan's samples are its grey levels (Java's own grey
						// space would
						// lighten them)
						int expected = (image.getType() == BufferedImage.TYPE_BYTE_GRAY)
								? image.getRaster().getSample(x, y, 0) * 0x010101 : image.getRGB(x, y) & 0xFFFFFF;
						assertThat(back.getRGB(x, y) & 0xFFFFFF).as("image type %d, pixel %d,%d", image.getType(), x, y)
							.isEqualTo(expected);
					}
				}
			}
		}
	}

	private static BufferedImage drawn(BufferedImage image) {
		Graphics2D graphics = image.createGraphics();
		graphics.setColor(Color.WHITE);
		graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
		graphics.setColor(Color.BLACK);
		graphics.drawString("Patient: Jane Doe", 10, 40);
		graphics.setColor(Color.GRAY);
		graphics.fillOval(100, 80, 120, 90);
		graphics.dispose();
		return image;
	}

}
