package org.recordhub.sandbox;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * What a fax machine or an office scanner makes of a document, for the sandbox, the tests
 * and the OCR benchmark: a multi-page TIFF, bilevel CCITT Group 4 at a fax resolution
 * (204 x 98 dpi standard, 204 x 196 fine) or greyscale at a scanner's.
 */
public final class FaxMachine {

	private FaxMachine() {
	}

	/** The PDF as a multi-page fax TIFF at the given resolution. */
	public static byte[] fax(byte[] pdf, int dpiX, int dpiY) {
		List<BufferedImage> pages = new ArrayList<>();
		try (PDDocument document = Loader.loadPDF(pdf)) {
			PDFRenderer renderer = new PDFRenderer(document);
			for (int i = 0; i < document.getNumberOfPages(); i++) {
				BufferedImage square = renderer.renderImageWithDPI(i, dpiX, ImageType.BINARY);
				pages.add(scale(square, square.getWidth(), square.getHeight() * dpiY / dpiX));
			}
			return tiff(pages, "CCITT T.6", dpiX, dpiY);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The PDF as a multi-page greyscale scan (Deflate-compressed TIFF). */
	public static byte[] scan(byte[] pdf, int dpi) {
		List<BufferedImage> pages = new ArrayList<>();
		try (PDDocument document = Loader.loadPDF(pdf)) {
			PDFRenderer renderer = new PDFRenderer(document);
			for (int i = 0; i < document.getNumberOfPages(); i++) {
				pages.add(renderer.renderImageWithDPI(i, dpi, ImageType.GRAY));
			}
			return tiff(pages, "Deflate", dpi, dpi);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Images as one TIFF with its resolution tags. */
	public static byte[] tiff(List<BufferedImage> pages, String compression, int dpiX, int dpiY) throws IOException {
		ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
			writer.setOutput(out);
			ImageWriteParam param = writer.getDefaultWriteParam();
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionType(compression);
			writer.prepareWriteSequence(null);
			for (BufferedImage page : pages) {
				IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(page), param);
				IIOMetadataNode root = new IIOMetadataNode("javax_imageio_1.0");
				IIOMetadataNode dimension = new IIOMetadataNode("Dimension");
				IIOMetadataNode horizontal = new IIOMetadataNode("HorizontalPixelSize");
				horizontal.setAttribute("value", Float.toString(25.4f / dpiX));
				IIOMetadataNode vertical = new IIOMetadataNode("VerticalPixelSize");
				vertical.setAttribute("value", Float.toString(25.4f / dpiY));
				dimension.appendChild(horizontal);
				dimension.appendChild(vertical);
				root.appendChild(dimension);
				metadata.mergeTree("javax_imageio_1.0", root);
				writer.writeToSequence(new IIOImage(page, null, metadata), param);
			}
			writer.endWriteSequence();
		}
		finally {
			writer.dispose();
		}
		return bytes.toByteArray();
	}

	private static BufferedImage scale(BufferedImage image, int width, int height) {
		BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY);
		Graphics2D graphics = scaled.createGraphics();
		graphics.drawImage(image, 0, 0, width, height, null);
		graphics.dispose();
		return scaled;
	}

}
