package org.gan4j.io;

import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Lays images out in a grid and writes it as a PNG, like torchvision's {@code make_grid} (2-pixel black padding)
 * that the reference sends to TensorBoard.
 */
public final class ImageGrid {

    /** Black pixels around and between the images. */
    static final int PADDING = 2;

    private ImageGrid() {
    }

    /**
     * Draws {@code images} ({@code [count, h * w * channels]}, channels first as every dataset and layer holds them (NCHW), values in {@code [-1, 1]}) in rows of
     * {@code columns}.
     *
     * @param images   one image per row, {@code [count, height * width * channels]}, at least one
     * @param height   image height in pixels
     * @param width    image width in pixels
     * @param channels 1 (grey) or 3 (RGB)
     * @param columns  images per grid row, positive; fewer if there are fewer images
     * @return the grid, 2 black pixels around and between the images: 8-bit grey for one channel, RGB for three
     * @throws IllegalArgumentException if {@code channels} is neither 1 nor 3
     */
    public static BufferedImage draw(INDArray images, int height, int width, int channels, int columns) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        int count = (int) images.rows();
        int cols = Math.min(columns, count);
        int rows = (count + cols - 1) / cols;
        // Grey images as 8-bit grey: a third of the bytes of RGB to encode (PNG, GIF) and to store.
        BufferedImage grid = new BufferedImage(PADDING + cols * (width + PADDING), PADDING + rows * (height + PADDING),
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        WritableRaster raster = grid.getRaster();
        float[] v = images.reshape(images.length()).toFloatVector();
        int size = height * width * channels;
        int[] pixel = new int[channels];
        for (int k = 0; k < count; k++) {
            int x0 = PADDING + (k % cols) * (width + PADDING);
            int y0 = PADDING + (k / cols) * (height + PADDING);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int base = k * size + y * width + x;
                    for (int c = 0; c < channels; c++) {
                        pixel[c] = IdxWriter.toByte(v[base + c * height * width]);
                    }
                    raster.setPixel(x0 + x, y0 + y, pixel);
                }
            }
        }
        return grid;
    }

    /**
     * Draws the grid and writes it to {@code file} as PNG, atomically (a crash or a full disk never leaves half an
     * image, and an existing file stays as it was unless the new one is complete).
     *
     * @param file     the PNG file to create or replace
     * @param images   one image per row, {@code [count, height * width * channels]}, values in {@code [-1, 1]}
     * @param height   image height in pixels
     * @param width    image width in pixels
     * @param channels 1 (grey) or 3 (RGB)
     * @param columns  images per grid row, positive
     * @throws IllegalArgumentException if {@code channels} is neither 1 nor 3
     * @throws IOException              if the file cannot be written; the message starts with {@code file}
     */
    public static void writePng(Path file, INDArray images, int height, int width, int channels, int columns)
            throws IOException {
        BufferedImage grid = draw(images, height, width, channels, columns);
        AtomicFiles.write(file, out -> encodePng(grid, out));
    }

    /**
     * Draws the grid and writes it to a stream as PNG (for a caller that chooses how the file is published, e.g.
     * {@link AtomicFiles#create}).
     *
     * @param out      where the PNG goes; not closed
     * @param images   one image per row, {@code [count, height * width * channels]}, values in {@code [-1, 1]}
     * @param height   image height in pixels
     * @param width    image width in pixels
     * @param channels 1 (grey) or 3 (RGB)
     * @param columns  images per grid row, positive
     * @throws IllegalArgumentException if {@code channels} is neither 1 nor 3
     * @throws IOException              if the stream cannot be written
     */
    public static void writePng(OutputStream out, INDArray images, int height, int width, int channels, int columns)
            throws IOException {
        encodePng(draw(images, height, width, channels, columns), out);
    }

    /**
     * Encodes an image as PNG onto a stream, buffered in memory.
     *
     * <p>Not {@code ImageIO.write(image, "png", out)}: for a plain stream it caches the encoding in a file under
     * {@code java.io.tmpdir}, a second place to run out of space, whose failure names neither file.
     *
     * @param image any image the JDK's PNG writer accepts
     * @param out   where the PNG goes; not closed
     * @throws IOException if the JDK has no PNG writer or the stream cannot be written
     */
    public static void encodePng(RenderedImage image, OutputStream out) throws IOException {
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            if (!ImageIO.write(image, "png", stream)) {
                throw new IOException("no PNG writer available");
            }
        }
    }
}
