package org.gan4j.tensorboard;

import com.google.common.hash.Hashing;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.awt.image.BufferedImage;
import org.gan4j.io.ImageGrid;
import org.gan4j.io.WriteFailures;

/**
 * Writes a TensorBoard event file ({@code events.out.tfevents.<seconds>.<host>}): TFRecord framing (length,
 * masked CRC-32C of the length, payload, masked CRC-32C of the payload) around {@code Event} messages. The first
 * record is {@code file_version: "brain.Event:2"}; then scalar and image summaries. TensorBoard reads the file while it
 * grows; {@link #flush()} makes what was written visible.
 */
public final class EventFileWriter implements Closeable {

    private final Path file;
    private final OutputStream out;
    private final Clock clock;

    /**
     * Creates a new event file in {@code dir} (created if needed).
     *
     * @param dir   the log directory TensorBoard is pointed at, or one of its sub-directories (one per run in the UI)
     * @param clock wall time of every event (fixed in tests); also names the file
     * @throws IOException if the directory or the file cannot be created, or the first record written
     */
    public EventFileWriter(Path dir, Clock clock) throws IOException {
        this.clock = clock;
        Files.createDirectories(dir);
        long seconds = clock.millis() / 1000;
        Path candidate = dir.resolve("events.out.tfevents." + seconds + "." + host());
        for (int i = 1; Files.exists(candidate); i++) {
            candidate = dir.resolve("events.out.tfevents." + seconds + "." + host() + "." + i);
        }
        this.file = candidate;
        this.out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW));
        record(event(0).string(3, "brain.Event:2"));
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** {@return the file being written: {@code dir/events.out.tfevents.<seconds>.<host>[.<n>]}} */
    public Path file() {
        return file;
    }

    /**
     * A scalar ({@code Summary.Value.simple_value}) at a step.
     *
     * @param tag   the series name in TensorBoard, e.g. {@code lossD}
     * @param step  the x coordinate: the optimisation step
     * @param value the value
     * @throws IOException if the record cannot be written (the message names the file)
     */
    public void scalar(String tag, long step, float value) throws IOException {
        ProtoWriter v = new ProtoWriter().string(1, tag).fixed32(2, value);
        record(event(step).message(5, new ProtoWriter().message(1, v)));
    }

    /**
     * Several scalars at one step, in one event (one record, one checksum: a quarter of the cost of separate events
     * for the five values logged per step).
     *
     * @param step   the x coordinate of every value: the optimisation step
     * @param tags   the series names, e.g. {@code lossD}, {@code lossG}
     * @param values one value per tag, in the same order
     * @throws IllegalArgumentException if the arrays' lengths differ
     * @throws IOException              if the record cannot be written
     */
    public void scalars(long step, String[] tags, float[] values) throws IOException {
        if (tags.length != values.length) {
            throw new IllegalArgumentException(tags.length + " tags but " + values.length + " values");
        }
        ProtoWriter summary = new ProtoWriter();
        for (int i = 0; i < tags.length; i++) {
            summary.message(1, new ProtoWriter().string(1, tags[i]).fixed32(2, values[i]));
        }
        record(event(step).message(5, summary));
    }

    /**
     * An image ({@code Summary.Value.image}, PNG-encoded) at a step.
     *
     * @param tag   the image series name in TensorBoard, e.g. {@code Mnist Fake Images}
     * @param step  the step the slider shows it at
     * @param image the picture, e.g. a grid from {@link org.gan4j.io.ImageGrid#draw}
     * @throws IOException if the image cannot be encoded or the record written
     */
    public void image(String tag, long step, BufferedImage image) throws IOException {
        image(tag, step, png(image), image.getHeight(), image.getWidth(), image.getColorModel().getNumComponents());
    }

    /**
     * An image already encoded as PNG (encode once, log many times).
     *
     * @param tag        the image series name in TensorBoard
     * @param step       the step the slider shows it at
     * @param png        the PNG file's bytes, e.g. from {@link #png(BufferedImage)}
     * @param height     the image's height in pixels
     * @param width      the image's width in pixels
     * @param colorspace 1 grey, 3 RGB, 4 RGBA
     * @throws IOException if the record cannot be written
     */
    public void image(String tag, long step, byte[] png, int height, int width, int colorspace) throws IOException {
        ProtoWriter img = new ProtoWriter().varint(1, height).varint(2, width).varint(3, colorspace).bytes(4, png);
        ProtoWriter v = new ProtoWriter().string(1, tag).message(4, img);
        record(event(step).message(5, new ProtoWriter().message(1, v)));
    }

    /**
     * Encodes an image as PNG.
     *
     * @param image any image the JDK's PNG writer accepts
     * @return the PNG file's bytes
     * @throws IOException if the JDK has no PNG writer or encoding fails
     */
    public static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageGrid.encodePng(image, png); // in memory: no cache file in java.io.tmpdir
        return png.toByteArray();
    }

    private ProtoWriter event(long step) {
        return new ProtoWriter().fixed64(1, clock.millis() / 1000.0).varint(2, step);
    }

    /**
     * Appends one record. A record torn by a full disk is the file's last, and TensorBoard's reader stops at a
     * torn last record: appending is safe without a temporary file.
     */
    private void record(ProtoWriter event) throws IOException {
        byte[] data = event.toByteArray();
        byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length).array();
        try {
            out.write(length);
            out.write(maskedCrc(length));
            out.write(data);
            out.write(maskedCrc(data));
        } catch (IOException e) {
            throw WriteFailures.naming(file, e);
        }
    }

    /** TFRecord's masked CRC-32C, little-endian. */
    static byte[] maskedCrc(byte[] data) {
        int crc = Hashing.crc32c().hashBytes(data).asInt();
        int masked = ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(masked).array();
    }

    /**
     * Makes what was written visible to readers.
     *
     * @throws IOException if the buffered records cannot be written
     */
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw WriteFailures.naming(file, e); // "No space left on device" alone names no file
        }
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } catch (IOException e) {
            throw WriteFailures.naming(file, e);
        }
    }
}
