package org.gan4j.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Builds hostile zip files in memory: bombs, central directories that lie, duplicate names. */
public final class HostileZips {

    /** Marks an entry whose content is this many zeros, streamed (never held in memory). */
    public record Zeros(long count) {
    }

    private HostileZips() {
    }

    /**
     * A zip of these entries, deflated, in this order.
     *
     * @param entries name to {@code byte[]} or {@link Zeros}
     * @return the zip's bytes
     */
    public static byte[] zip(Map<String, ?> entries) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            for (Map.Entry<String, ?> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                if (e.getValue() instanceof Zeros zeros) {
                    writeZeros(z, zeros.count());
                } else {
                    z.write((byte[]) e.getValue());
                }
                z.closeEntry();
            }
        }
        return b.toByteArray();
    }

    /**
     * The entries of a zip file, read in full and in the order of its central directory: the starting point for a
     * forged copy of a good file.
     *
     * @param file a zip file
     * @return name to content, in order
     */
    public static Map<String, byte[]> entries(Path file) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(file.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                try (InputStream in = z.getInputStream(e)) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return entries;
    }

    private static void writeZeros(OutputStream out, long count) throws IOException {
        byte[] zero = new byte[1 << 20];
        for (long left = count; left > 0; left -= zero.length) {
            out.write(zero, 0, (int) Math.min(left, zero.length));
        }
    }

    /**
     * Makes the central directory lie about an entry's uncompressed size (what {@link java.util.zip.ZipFile} reports
     * as {@link ZipEntry#getSize()}); the data stays as it is.
     *
     * @param zip  a zip's bytes, changed in place
     * @param name the entry
     * @param size the size to claim
     * @return {@code zip}
     */
    public static byte[] claimSize(byte[] zip, String name, long size) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + 46 <= zip.length; i++) {
            if (b.getInt(i) == 0x02014b50 && (b.getShort(i + 28) & 0xffff) == wanted.length
                    && java.util.Arrays.equals(zip, i + 46, i + 46 + wanted.length, wanted, 0, wanted.length)) {
                b.putInt(i + 24, (int) size);
                return zip;
            }
        }
        throw new IllegalArgumentException("no central directory entry " + name);
    }

    /**
     * Renames every occurrence of an entry name (local headers and central directory): the way to give two entries
     * one name, which {@link ZipOutputStream} refuses to write.
     *
     * @param zip  a zip's bytes, changed in place
     * @param from a name of the same length as {@code to}
     * @param to   the new name
     * @return {@code zip}
     */
    public static byte[] rename(byte[] zip, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.UTF_8);
        byte[] t = to.getBytes(StandardCharsets.UTF_8);
        if (f.length != t.length) {
            throw new IllegalArgumentException("names of different lengths");
        }
        int found = 0;
        for (int i = 0; i + f.length <= zip.length; i++) {
            if (java.util.Arrays.equals(zip, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(t, 0, zip, i, t.length);
                found++;
            }
        }
        if (found == 0) {
            throw new IllegalArgumentException("no entry " + from);
        }
        return zip;
    }
}
