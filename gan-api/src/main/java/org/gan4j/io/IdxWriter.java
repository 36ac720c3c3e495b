package org.gan4j.io;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Writes images as an IDX3 unsigned-byte file (the MNIST format), so any MNIST tool can read them. */
public final class IdxWriter {

    private IdxWriter() {
    }

    /**
     * The pixel byte of an image value.
     *
     * @param x an image value, nominally in {@code [-1, 1]}
     * @return {@code round((x + 1) / 2 * 255)}, clamped to {@code [0, 255]}
     */
    public static int toByte(double x) {
        long v = Math.round((x + 1) / 2 * 255);
        return (int) Math.max(0, Math.min(255, v));
    }

    /**
     * Writes {@code images} ({@code [count, height * width]}, values in {@code [-1, 1]}) to {@code file}.
     *
     * @param file   the file to create or overwrite
     * @param images one grey image per row, {@code [count, height * width]}, row-major pixels in {@code [-1, 1]}
     * @param height image height in pixels
     * @param width  image width in pixels
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if the array does not hold {@code height * width} values per row
     */
    public static void writeImages(Path file, INDArray images, int height, int width) throws IOException {
        if (images.rank() != 2 || images.columns() != (long) height * width) {
            throw new IllegalArgumentException("expected images [count, " + height * width + "], got "
                    + java.util.Arrays.toString(images.shape()));
        }
        float[] values = images.reshape(images.length()).toFloatVector();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(0x00000803);
            out.writeInt((int) images.rows());
            out.writeInt(height);
            out.writeInt(width);
            for (float v : values) {
                out.writeByte(toByte(v));
            }
        }
    }
}
