package org.recordhub.document;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.MultiPixelPackedSampleModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.filter.FilterFactory;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceGray;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.graphics.image.CCITTFactory;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * The pages of a received file, one at a time: a PDF's pages (with their text layer, and
 * rendered when they need OCR) or the frames of a TIFF (multi-page, CCITT G3/G4 fax), PNG
 * or JPEG. Files that cannot be pages are refused with a reason a person understands:
 * corrupt or truncated, encrypted, no pages, or dimensions no scan has (decompression
 * bombs), checked from the headers before anything is decoded.
 */
public abstract class RecordPages implements AutoCloseable {

	/** Longest side a page image may have, in pixels (A3 at 600 dpi is about 10,000). */
	static final int MAX_SIDE = 20_000;

	/**
	 * Most pixels a page image may have (a letter page at 600 dpi is about 34 million).
	 */
	static final long MAX_PIXELS = 150_000_000L;

	/** How deep forms drawn inside forms are followed when checking a page's images. */
	static final int MAX_FORM_DEPTH = 8;

	/** The resolution pages are rendered at for OCR. */
	static final int OCR_DPI = 300;

	/**
	 * The pages of the file (PDF, TIFF, PNG, JPEG, a C-CDA document's narrative, or a ZIP
	 * of those, in the archive's order), or {@link UnreadableFileException} with the
	 * reason.
	 */
	public static RecordPages open(byte[] content) {
		if (content.length == 0) {
			throw new UnreadableFileException("The file is empty (0 bytes)");
		}
		if (FileFormat.of(content) == FileFormat.ZIP) {
			return Parts.of(Archives.entries(content)
				.stream()
				.<Supplier<RecordPages>>map((entry) -> () -> openEntry(entry))
				.toList());
		}
		return openSingle(content);
	}

	private static RecordPages openEntry(Archives.Entry entry) {
		try {
			return openSingle(entry.content());
		}
		catch (UnreadableFileException ex) {
			throw new UnreadableFileException(entry.name() + " in the ZIP: " + ex.getMessage());
		}
	}

	/** One file that is not an archive. */
	static RecordPages openSingle(byte[] content) {
		return switch (FileFormat.of(content)) {
			case PDF -> new Pdf(content);
			case TIFF, PNG, JPEG -> new Images(content);
			case XML -> ClinicalDocuments.pages(content);
			case ZIP -> throw new UnreadableFileException("A ZIP inside a ZIP is not opened");
			case UNKNOWN -> throw new UnreadableFileException("Not a PDF, TIFF, PNG, JPEG, C-CDA or ZIP file");
		};
	}

	public abstract int count();

	/**
	 * The page's own text (a PDF's text layer), or an empty string for an image.
	 */
	public abstract String text(int page) throws IOException;

	/** The page as an image, and its resolution in dots per inch. */
	public abstract Image image(int page) throws IOException;

	/**
	 * The page, as received, on a page of its own in {@code target}: a PDF page itself,
	 * an image embedded as it is (fax pages stay CCITT Group 3/4, JPEG stays JPEG) at its
	 * size in inches.
	 */
	abstract PDPage copy(PDDocument target, int page) throws IOException;

	/** A page of {@code target} showing the image at its size in inches. */
	static PDPage imagePage(PDDocument target, PDImageXObject picture, int dpiX, int dpiY) throws IOException {
		PDRectangle size = new PDRectangle(picture.getWidth() * 72f / dpiX, picture.getHeight() * 72f / dpiY);
		PDPage page = new PDPage(size);
		target.addPage(page);
		try (PDPageContentStream content = new PDPageContentStream(target, page)) {
			content.drawImage(picture, 0, 0, size.getWidth(), size.getHeight());
		}
		return page;
	}

	/**
	 * The image as a lossless PDF image. Bilevel and 8-bit grey rasters are laid out as
	 * PDF wants its image rows (1 or 8 bits a pixel, rows padded to a byte), so they are
	 * deflated as they lie (the JDK's zlib); anything else goes through PDFBox's general
	 * encoder, which works pixel by pixel and is many times slower on a page scan.
	 */
	static PDImageXObject lossless(PDDocument target, BufferedImage image) throws IOException {
		int width = image.getWidth();
		int height = image.getHeight();
		if (image.getRaster().getParent() == null && image.getRaster().getDataBuffer() instanceof DataBufferByte bytes
				&& bytes.getNumBanks() == 1) {
			if (image.getType() == BufferedImage.TYPE_BYTE_GRAY
					&& image.getSampleModel() instanceof ComponentSampleModel samples
					&& samples.getScanlineStride() == width && bytes.getData().length == width * height) {
				return new PDImageXObject(target, deflated(bytes.getData()), COSName.FLATE_DECODE, width, height, 8,
						PDDeviceGray.INSTANCE);
			}
			if (image.getType() == BufferedImage.TYPE_BYTE_BINARY
					&& image.getSampleModel() instanceof MultiPixelPackedSampleModel samples
					&& samples.getPixelBitStride() == 1 && samples.getScanlineStride() == (width + 7) / 8
					&& samples.getDataBitOffset() == 0 && bytes.getData().length == (width + 7) / 8 * height
					&& image.getColorModel() instanceof IndexColorModel colours && colours.getMapSize() == 2) {
				PDImageXObject picture = new PDImageXObject(target, deflated(bytes.getData()), COSName.FLATE_DECODE,
						width, height, 1, PDDeviceGray.INSTANCE);
				if ((colours.getRGB(0) & 0xFFFFFF) != 0) {
					// 0 is white here (a scan's WhiteIsZero); in a PDF grey image 0 is
					// black
					picture.setDecode(new COSArray(List.of(COSInteger.ONE, COSInteger.ZERO)));
				}
				return picture;
			}
		}
		return LosslessFactory.createFromImage(target, image);
	}

	/** The rows as a PDF Flate stream, by PDFBox's own filter. */
	private static ByteArrayInputStream deflated(byte[] rows) throws IOException {
		ByteArrayOutputStream encoded = new ByteArrayOutputStream(rows.length / 4);
		FilterFactory.INSTANCE.getFilter(COSName.FLATE_DECODE)
			.encode(new ByteArrayInputStream(rows), encoded, new COSDictionary(), 0);
		return new ByteArrayInputStream(encoded.toByteArray());
	}

	@Override
	public abstract void close();

	static void checkDimensions(long width, long height) {
		if (width <= 0 || height <= 0 || width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS) {
			throw new UnreadableFileException("A page of " + width + " x " + height
					+ " pixels is beyond any scan (at most " + MAX_SIDE + " pixels a side and " + MAX_PIXELS
					+ " pixels); refused as a possible decompression bomb");
		}
	}

	/**
	 * A page image with its horizontal and vertical resolution (fax pages are often 204 x
	 * 98 dpi).
	 */
	public record Image(BufferedImage image, int dpiX, int dpiY) {
	}

	/** Files read as one, page after page: a ZIP's entries, a C-CDA's body parts. */
	static final class Parts extends RecordPages {

		private final List<RecordPages> parts;

		private final int[] starts;

		/** Opens the parts in turn; when one cannot be read, those opened are closed. */
		static Parts of(List<Supplier<RecordPages>> opens) {
			if (opens.isEmpty()) {
				throw new UnreadableFileException("It holds no records");
			}
			List<RecordPages> parts = new java.util.ArrayList<>();
			try {
				for (var open : opens) {
					parts.add(open.get());
				}
				return new Parts(parts);
			}
			catch (RuntimeException ex) {
				parts.forEach(RecordPages::close);
				throw ex;
			}
		}

		private Parts(List<RecordPages> parts) {
			this.parts = parts;
			this.starts = new int[parts.size() + 1];
			for (int i = 0; i < parts.size(); i++) {
				this.starts[i + 1] = this.starts[i] + parts.get(i).count();
			}
		}

		@Override
		public int count() {
			return this.starts[this.parts.size()];
		}

		@Override
		public String text(int page) throws IOException {
			int part = part(page);
			return this.parts.get(part).text(page - this.starts[part]);
		}

		@Override
		public Image image(int page) throws IOException {
			int part = part(page);
			return this.parts.get(part).image(page - this.starts[part]);
		}

		@Override
		PDPage copy(PDDocument target, int page) throws IOException {
			int part = part(page);
			return this.parts.get(part).copy(target, page - this.starts[part]);
		}

		private int part(int page) {
			int part = 0;
			while (this.starts[part + 1] <= page) {
				part++;
			}
			return part;
		}

		@Override
		public void close() {
			this.parts.forEach(RecordPages::close);
		}

	}

	/** A PDF, loaded once. */
	static final class Pdf extends RecordPages {

		private final PDDocument document;

		private final PDFRenderer renderer;

		Pdf(byte[] content) {
			try {
				this.document = Loader.loadPDF(new RandomAccessReadBuffer(content));
			}
			catch (InvalidPasswordException ex) {
				throw new UnreadableFileException("Encrypted PDF: it needs a password to open");
			}
			catch (IOException ex) {
				throw new UnreadableFileException("Corrupt or truncated PDF: " + ex.getMessage());
			}
			if (this.document.getNumberOfPages() == 0) {
				closeQuietly(this.document);
				throw new UnreadableFileException("The PDF has no pages");
			}
			this.renderer = new PDFRenderer(this.document);
			for (int i = 0; i < this.document.getNumberOfPages(); i++) {
				var box = this.document.getPage(i).getMediaBox();
				checkDimensions(Math.round(box.getWidth() / 72 * OCR_DPI), Math.round(box.getHeight() / 72 * OCR_DPI));
			}
		}

		@Override
		public int count() {
			return this.document.getNumberOfPages();
		}

		@Override
		public String text(int page) throws IOException {
			PDFTextStripper stripper = new PDFTextStripper();
			stripper.setStartPage(page + 1);
			stripper.setEndPage(page + 1);
			return stripper.getText(this.document);
		}

		@Override
		public Image image(int page) throws IOException {
			checkImages(this.document.getPage(page).getCOSObject().getCOSDictionary(COSName.RESOURCES), page, 0);
			return new Image(this.renderer.renderImageWithDPI(page, OCR_DPI, ImageType.GRAY), OCR_DPI, OCR_DPI);
		}

		/**
		 * Refuses a page that draws an image larger than any scan, from the sizes its
		 * images declare (forms followed, to a depth), before anything is decoded: a
		 * small PDF may declare an image that would take gigabytes to draw.
		 */
		private static void checkImages(COSDictionary resources, int page, int depth) {
			COSDictionary objects = (resources != null) ? resources.getCOSDictionary(COSName.XOBJECT) : null;
			if (objects == null || depth > MAX_FORM_DEPTH) {
				return;
			}
			for (COSName name : objects.keySet()) {
				if (!(objects.getDictionaryObject(name) instanceof COSDictionary object)) {
					continue;
				}
				if (COSName.IMAGE.equals(object.getCOSName(COSName.SUBTYPE))) {
					long width = object.getLong(COSName.WIDTH, object.getLong(COSName.W));
					long height = object.getLong(COSName.HEIGHT, object.getLong(COSName.H));
					if (width <= 0 || height <= 0 || width > MAX_SIDE || height > MAX_SIDE
							|| width * height > MAX_PIXELS) {
						throw new UnreadableFileException("Page " + (page + 1) + " draws an image of " + width + " x "
								+ height + " pixels, beyond any scan (at most " + MAX_SIDE + " pixels a side and "
								+ MAX_PIXELS + " pixels); refused as a possible decompression bomb");
					}
				}
				else if (COSName.FORM.equals(object.getCOSName(COSName.SUBTYPE))) {
					checkImages(object.getCOSDictionary(COSName.RESOURCES), page, depth + 1);
				}
			}
		}

		@Override
		PDPage copy(PDDocument target, int page) throws IOException {
			return target.importPage(this.document.getPage(page));
		}

		@Override
		public void close() {
			closeQuietly(this.document);
		}

		private static void closeQuietly(PDDocument document) {
			try {
				document.close();
			}
			catch (IOException ex) {
				// read-only: nothing is lost
			}
		}

	}

	/** TIFF (every frame), PNG or JPEG, decoded a page at a time. */
	static final class Images extends RecordPages {

		private final byte[] content;

		private final ImageInputStream input;

		private final ImageReader reader;

		private final int count;

		Images(byte[] content) {
			this.content = content;
			try {
				this.input = ImageIO.createImageInputStream(new ByteArrayInputStream(content));
				Iterator<ImageReader> readers = ImageIO.getImageReaders(this.input);
				if (!readers.hasNext()) {
					throw new UnreadableFileException("Not a readable image");
				}
				this.reader = readers.next();
				this.reader.setInput(this.input, false, false);
				this.count = this.reader.getNumImages(true);
				if (this.count == 0) {
					throw new UnreadableFileException("The image file has no pages");
				}
				for (int i = 0; i < this.count; i++) {
					checkDimensions(this.reader.getWidth(i), this.reader.getHeight(i));
				}
			}
			catch (IOException | RuntimeException ex) {
				if (ex instanceof UnreadableFileException unreadable) {
					throw unreadable;
				}
				throw new UnreadableFileException("Corrupt or truncated image: " + ex.getMessage());
			}
		}

		@Override
		public int count() {
			return this.count;
		}

		@Override
		public String text(int page) {
			return "";
		}

		@Override
		public Image image(int page) throws IOException {
			try {
				BufferedImage image = this.reader.read(page);
				int[] dpi = dpi(this.reader.getImageMetadata(page));
				return new Image(image, dpi[0], dpi[1]);
			}
			catch (RuntimeException ex) {
				throw new IOException("Corrupt or truncated image page " + (page + 1) + ": " + ex.getMessage(), ex);
			}
		}

		@Override
		PDPage copy(PDDocument target, int page) throws IOException {
			// the page is decoded only when it cannot be embedded as it came
			int[] dpi = dpi(this.reader.getImageMetadata(page));
			PDImageXObject picture = null;
			FileFormat format = FileFormat.of(this.content);
			if (format == FileFormat.TIFF) {
				try {
					picture = CCITTFactory.createFromByteArray(target, this.content, page);
				}
				catch (IOException ex) {
					// not a CCITT fax page: embedded losslessly below
				}
			}
			else if (format == FileFormat.JPEG && this.count == 1) {
				picture = JPEGFactory.createFromByteArray(target, this.content);
			}
			if (picture == null) {
				picture = lossless(target, image(page).image());
			}
			return imagePage(target, picture, dpi[0], dpi[1]);
		}

		/**
		 * Resolution from the standard metadata (pixel size in mm), 200 dpi when absent.
		 */
		private static int[] dpi(IIOMetadata metadata) {
			int[] dpi = { 200, 200 };
			if (metadata == null || !metadata.isStandardMetadataFormatSupported()) {
				return dpi;
			}
			IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree("javax_imageio_1.0");
			String[] names = { "HorizontalPixelSize", "VerticalPixelSize" };
			for (int i = 0; i < 2; i++) {
				var nodes = root.getElementsByTagName(names[i]);
				if (nodes.getLength() > 0) {
					float millimetres = Float.parseFloat(((IIOMetadataNode) nodes.item(0)).getAttribute("value"));
					if (millimetres > 0) {
						dpi[i] = Math.round(25.4f / millimetres);
					}
				}
			}
			return dpi;
		}

		@Override
		public void close() {
			this.reader.dispose();
			try {
				this.input.close();
			}
			catch (IOException ex) {
				// nothing to release beyond the reader
			}
		}

	}

}
