package org.gan4j.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes the first image of a file like {@link ImageIO#read(java.io.File)}, but reads the width and height from the
 * header first and refuses to decode more than a given number of pixels. A decoder allocates its raster from the
 * declared size before reading any pixel data, so a 154-byte BMP header declaring 20000x20000 costs 1.2 GB (and an
 * {@link OutOfMemoryError}, which no "skip bad files" can catch) unless the size is checked first.
 */
final class BoundedImageReader {

    /** A file whose header declares more pixels than allowed; the message says how many and the limit. */
    static final class TooManyPixelsException extends IOException {
        private static final long serialVersionUID = 1L;

        TooManyPixelsException(String message) {
            super(message);
        }
    }

    private BoundedImageReader() {
    }

    /**
     * Reads the first image of a file.
     *
     * @param file      the image file
     * @param maxPixels the most pixels (width x height) the image may declare
     * @return the image, or {@code null} if no installed ImageIO reader recognises the file
     * @throws TooManyPixelsException if the header declares more than {@code maxPixels} pixels
     * @throws IOException            if the file cannot be read or decoded
     */
    static BufferedImage read(Path file, long maxPixels) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new IOException(file + ": cannot open as an image stream");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true); // as ImageIO.read: forward only, metadata ignored
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw new IOException(file + ": declares an image of " + width + "x" + height + " pixels");
                }
                long pixels = (long) width * height;
                if (pixels > maxPixels) {
                    throw new TooManyPixelsException("declares " + width + "x" + height + " = " + pixels
                            + " pixels, more than the limit of " + maxPixels);
                }
                return reader.read(0, reader.getDefaultReadParam());
            } finally {
                reader.dispose();
            }
        }
    }
}
