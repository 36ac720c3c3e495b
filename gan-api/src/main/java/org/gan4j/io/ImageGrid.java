package org.gan4j.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Lays images out in a grid and writes it as a PNG, like torchvision's {@code make_grid} (2-pixel black padding)
 * that the reference sends to TensorBoard.
 */
public final class ImageGrid {

    private static final int PADDING = 2;

    private ImageGrid() {
    }

    /**
     * Draws {@code images} ({@code [count, h * w * channels]}, channels last, values in {@code [-1, 1]}) in rows of
     * {@code columns}.
     */
    public static BufferedImage draw(INDArray images, int height, int width, int channels, int columns) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        int count = (int) images.rows();
        int cols = Math.min(columns, count);
        int rows = (count + cols - 1) / cols;
        BufferedImage grid = new BufferedImage(PADDING + cols * (width + PADDING), PADDING + rows * (height + PADDING),
                BufferedImage.TYPE_INT_RGB);
        float[] v = images.reshape(images.length()).toFloatVector();
        int size = height * width * channels;
        for (int k = 0; k < count; k++) {
            int x0 = PADDING + (k % cols) * (width + PADDING);
            int y0 = PADDING + (k / cols) * (height + PADDING);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int base = k * size + (y * width + x) * channels;
                    int r = IdxWriter.toByte(v[base]);
                    int g = channels == 3 ? IdxWriter.toByte(v[base + 1]) : r;
                    int b = channels == 3 ? IdxWriter.toByte(v[base + 2]) : r;
                    grid.setRGB(x0 + x, y0 + y, (r << 16) | (g << 8) | b);
                }
            }
        }
        return grid;
    }

    /** Draws the grid and writes it to {@code file} as PNG. */
    public static void writePng(Path file, INDArray images, int height, int width, int channels, int columns)
            throws IOException {
        BufferedImage grid = draw(images, height, width, channels, columns);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (!ImageIO.write(grid, "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }
}
