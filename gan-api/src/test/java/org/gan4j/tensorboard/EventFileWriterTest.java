package org.gan4j.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the event files back with an independent decoder: TFRecord CRCs (the JDK's CRC32C), Event protobufs. */
public class EventFileWriterTest {

    static final Clock FIXED = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** One decoded protobuf message: field number to values (Long for varint/fixed, byte[] for length-delimited). */
    public static Map<Integer, List<Object>> decode(byte[] message) {
        Map<Integer, List<Object>> fields = new LinkedHashMap<>();
        ByteBuffer b = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            long key = varint(b);
            int field = (int) (key >>> 3);
            Object value = switch ((int) (key & 7)) {
                case 0 -> varint(b);
                case 1 -> b.getLong();
                case 5 -> (long) b.getInt();
                case 2 -> {
                    byte[] v = new byte[(int) varint(b)];
                    b.get(v);
                    yield v;
                }
                default -> throw new AssertionError("wire type " + (key & 7));
            };
            fields.computeIfAbsent(field, k -> new ArrayList<>()).add(value);
        }
        return fields;
    }

    private static long varint(ByteBuffer b) {
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b.get();
            result |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return result;
            }
        }
    }

    private static int masked(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + 0xa282ead8;
    }

    /** Every record's payload, after checking both CRCs of each. */
    public static List<byte[]> records(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> records = new ArrayList<>();
        while (b.hasRemaining()) {
            byte[] len = new byte[8];
            b.get(len);
            assertThat(b.getInt()).as("length CRC of record %s", records.size()).isEqualTo(masked(len));
            byte[] data = new byte[(int) ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong()];
            b.get(data);
            assertThat(b.getInt()).as("data CRC of record %s", records.size()).isEqualTo(masked(data));
            records.add(data);
        }
        return records;
    }

    public static byte[] bytes(Map<Integer, List<Object>> m, int field) {
        return (byte[]) m.get(field).get(0);
    }

    @Test
    void scalarsAndImagesDecodeBack() throws IOException {
        BufferedImage img = new BufferedImage(6, 4, BufferedImage.TYPE_INT_RGB);
        img.setRGB(1, 1, Color.WHITE.getRGB());
        Path file;
        try (EventFileWriter w = new EventFileWriter(dir, FIXED)) {
            w.scalar("lossD", 7, 0.25f);
            w.image("Mnist Fake Images", 2, img);
            file = w.file();
        }
        assertThat(file.getFileName().toString()).startsWith("events.out.tfevents.1700000000.");
        List<byte[]> records = records(file);
        assertThat(records).hasSize(3);

        Map<Integer, List<Object>> first = decode(records.get(0));
        assertThat(Double.longBitsToDouble((Long) first.get(1).get(0))).isEqualTo(1.7e9);
        assertThat(new String(bytes(first, 3), StandardCharsets.UTF_8)).isEqualTo("brain.Event:2");

        Map<Integer, List<Object>> scalar = decode(records.get(1));
        assertThat(scalar.get(2).get(0)).isEqualTo(7L);
        Map<Integer, List<Object>> value = decode(bytes(decode(bytes(scalar, 5)), 1));
        assertThat(new String(bytes(value, 1), StandardCharsets.UTF_8)).isEqualTo("lossD");
        assertThat(Float.intBitsToFloat((int) (long) (Long) value.get(2).get(0))).isEqualTo(0.25f);

        Map<Integer, List<Object>> image = decode(bytes(decode(bytes(decode(bytes(decode(records.get(2)), 5)), 1)), 4));
        assertThat(image.get(1).get(0)).isEqualTo(4L);
        assertThat(image.get(2).get(0)).isEqualTo(6L);
        assertThat(image.get(3).get(0)).isEqualTo(3L);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(bytes(image, 4)));
        assertThat(png.getWidth()).isEqualTo(6);
        assertThat(png.getHeight()).isEqualTo(4);
        assertThat(png.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    }

    @Test
    void severalScalarsShareOneEventAtTheirStep() throws IOException {
        Path file;
        try (EventFileWriter w = new EventFileWriter(dir, FIXED)) {
            w.scalars(30, new String[] {"lossD", "lossG", "D(x)"}, new float[] {0.5f, 1.25f, 0.75f});
            file = w.file();
        }
        List<byte[]> records = records(file);
        assertThat(records).hasSize(2);
        Map<Integer, List<Object>> event = decode(records.get(1));
        assertThat(event.get(2).get(0)).isEqualTo(30L);
        List<String> tags = new ArrayList<>();
        List<Float> values = new ArrayList<>();
        for (Object encoded : decode(bytes(event, 5)).get(1)) {
            Map<Integer, List<Object>> value = decode((byte[]) encoded);
            tags.add(new String(bytes(value, 1), StandardCharsets.UTF_8));
            values.add(Float.intBitsToFloat((int) (long) (Long) value.get(2).get(0)));
        }
        assertThat(tags).containsExactly("lossD", "lossG", "D(x)");
        assertThat(values).containsExactly(0.5f, 1.25f, 0.75f);
    }

    @Test
    void aTinyEventFileMatchesItsGoldenBytes() throws IOException {
        Path file;
        try (EventFileWriter w = new EventFileWriter(dir, FIXED)) {
            w.scalar("lossG", 1, 1.5f);
            file = w.file();
        }
        // Hand-checked: Event{wall_time: 1.7e9, file_version: "brain.Event:2"} then
        // Event{wall_time: 1.7e9, step: 1, summary{value{tag: "lossG", simple_value: 1.5}}}, each framed as TFRecord.
        assertThat(HexFormat.of().formatHex(Files.readAllBytes(file))).isEqualTo(GOLDEN);
    }

    static final String GOLDEN = "1a00000000000000129bd82d0900000040fc54d94110001a0d627261696e2e4576656e743a32e6773e1a"
            + "1b000000000000001a0d9e130900000040fc54d94110012a0e0a0c0a056c6f737347150000c03fc413490b";
}
