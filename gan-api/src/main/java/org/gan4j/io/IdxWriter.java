package org.gan4j.io;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
     * Writes {@code images} ({@code [count, height * width]}, values in {@code [-1, 1]}) to {@code file}, atomically:
     * a full disk or a crash leaves the file as it was (or absent), never a header that promises more images than
     * follow.
     *
     * @param file   the file to create or replace
     * @param images one grey image per row, {@code [count, height * width]}, row-major pixels in {@code [-1, 1]}
     * @param height image height in pixels, positive
     * @param width  image width in pixels, positive
     * @throws IOException if the file cannot be written; the message starts with {@code file}
     * @throws IllegalArgumentException if the sizes are not positive or the array does not hold
     *                                  {@code height * width} values per row
     */
    public static void writeImages(Path file, INDArray images, int height, int width) throws IOException {
        check(images, height, width);
        AtomicFiles.write(file, out -> writeImages(out, images, height, width));
    }

    /**
     * Writes {@code images} as an IDX3 file's bytes to a stream (for a caller that chooses how the file is published,
     * e.g. {@link AtomicFiles#create}).
     *
     * @param out    where the bytes go; flushed, not closed
     * @param images one grey image per row, {@code [count, height * width]}, row-major pixels in {@code [-1, 1]}
     * @param height image height in pixels, positive
     * @param width  image width in pixels, positive
     * @throws IOException if the stream cannot be written
     * @throws IllegalArgumentException if the sizes are not positive or the array does not hold
     *                                  {@code height * width} values per row
     */
    public static void writeImages(OutputStream out, INDArray images, int height, int width) throws IOException {
        check(images, height, width);
        float[] values = images.reshape(images.length()).toFloatVector();
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
        data.writeInt(0x00000803);
        data.writeInt((int) images.rows());
        data.writeInt(height);
        data.writeInt(width);
        for (float v : values) {
            data.writeByte(toByte(v));
        }
        data.flush();
    }

    /** Negative sizes whose product is right would otherwise write dimensions like 0xffffffff into the header. */
    private static void check(INDArray images, int height, int width) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image sizes must be positive, got " + height + "x" + width);
        }
        if (images.rank() != 2 || images.columns() != (long) height * width) {
            throw new IllegalArgumentException("expected images [count, " + (long) height * width + "], got "
                    + java.util.Arrays.toString(images.shape()));
        }
    }
}
