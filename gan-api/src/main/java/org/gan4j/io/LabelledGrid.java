package org.gan4j.io;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An {@link ImageGrid} with a name at the left of each row: a conditional generator's class-by-sample grid, one row
 * per class, named by its class.
 */
public final class LabelledGrid {

    /** Names longer than this are cut (with an ellipsis), so that one long name cannot widen the grid without end. */
    static final int MAX_LABEL = 16;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private LabelledGrid() {
    }

    /**
     * Draws the grid of {@code images} in rows of {@code columns}, with {@code labels.get(r)} left of row {@code r}.
     *
     * @param images   one image per row, {@code [count, height * width * channels]}, values in {@code [-1, 1]}
     * @param height   image height in pixels
     * @param width    image width in pixels
     * @param channels 1 (grey) or 3 (RGB)
     * @param columns  images per grid row, positive
     * @param labels   one name per grid row (rows beyond the list stay unnamed)
     * @return the grid with a black margin on the left holding the names in white
     * @throws IllegalArgumentException if {@code channels} is neither 1 nor 3
     */
    public static BufferedImage draw(INDArray images, int height, int width, int channels, int columns,
                                     List<String> labels) {
        BufferedImage grid = ImageGrid.draw(images, height, width, channels, columns);
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D probe = scratch.createGraphics();
        FontMetrics metrics = probe.getFontMetrics(FONT);
        int widest = 0;
        for (String label : labels) {
            widest = Math.max(widest, metrics.stringWidth(shorten(label)));
        }
        probe.dispose();
        int margin = widest + 2 * ImageGrid.PADDING + 2;
        BufferedImage out = new BufferedImage(grid.getWidth() + margin, grid.getHeight(), grid.getType());
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(grid, margin, 0, null);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(FONT);
            g.setColor(Color.WHITE);
            int rows = (grid.getHeight() - ImageGrid.PADDING) / (height + ImageGrid.PADDING);
            for (int r = 0; r < Math.min(rows, labels.size()); r++) {
                int top = ImageGrid.PADDING + r * (height + ImageGrid.PADDING);
                int baseline = top + (height + metrics.getAscent() - metrics.getDescent()) / 2;
                g.drawString(shorten(labels.get(r)), ImageGrid.PADDING + 1, baseline);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Draws the labelled grid and writes it to {@code file} as PNG, atomically (as {@link ImageGrid#writePng}).
     *
     * @param file     the PNG file to create or replace
     * @param images   one image per row, {@code [count, height * width * channels]}, values in {@code [-1, 1]}
     * @param height   image height in pixels
     * @param width    image width in pixels
     * @param channels 1 (grey) or 3 (RGB)
     * @param columns  images per grid row, positive
     * @param labels   one name per grid row
     * @throws IllegalArgumentException if {@code channels} is neither 1 nor 3
     * @throws IOException              if the file cannot be written; the message starts with {@code file}
     */
    public static void writePng(Path file, INDArray images, int height, int width, int channels, int columns,
                                List<String> labels) throws IOException {
        BufferedImage grid = draw(images, height, width, channels, columns, labels);
        AtomicFiles.write(file, out -> ImageGrid.encodePng(grid, out));
    }

    private static String shorten(String label) {
        return label.length() <= MAX_LABEL ? label : label.substring(0, MAX_LABEL - 1) + "\u2026";
    }
}
