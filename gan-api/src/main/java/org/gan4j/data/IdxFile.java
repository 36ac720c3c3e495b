package org.gan4j.data;

import com.google.common.io.ByteStreams;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An IDX file of unsigned bytes (the MNIST format): its dimensions and data. {@link #read} accepts raw and gzip
 * files (recognised by content, not name) and validates everything it reads.
 *
 * <p>Format: two zero bytes, a type byte ({@code 0x08}: unsigned byte, the only type supported), a byte with the
 * number of dimensions, one big-endian 32-bit size per dimension, then the data, row-major, and nothing after it.
 */
public final class IdxFile {

    /** Type code of unsigned bytes. */
    static final int UBYTE = 0x08;

    private final int[] dims;
    private final byte[] data;

    private IdxFile(int[] dims, byte[] data) {
        this.dims = dims;
        this.data = data;
    }

    /** {@return a copy of the dimensions, outermost first, e.g. {@code [10000, 28, 28]}} */
    public int[] dims() {
        return dims.clone();
    }

    /** The data (not copied: do not modify). */
    byte[] data() {
        return data;
    }

    /**
     * Reads and validates a file.
     *
     * @param file         an IDX file, raw or gzip
     * @param expectedRank number of dimensions the caller needs (3 for images, 1 for labels)
     * @return the file's dimensions and data
     * @throws IOException if the file cannot be read
     * @throws IdxFormatException naming the file and the field for any malformed content
     * @throws NoSuchFileException if the file does not exist
     */
    public static IdxFile read(Path file, int expectedRank) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.toString(), in, expectedRank);
        }
    }

    /**
     * Reads and validates IDX content, raw or gzip, from a stream (not closed).
     *
     * @param source       names the content in messages, e.g. a file or resource name
     * @param stream       the IDX content, raw or gzip; read to its end and left open
     * @param expectedRank number of dimensions the caller needs (3 for images, 1 for labels)
     * @return the content's dimensions and data
     * @throws IdxFormatException naming the source and the field for any malformed content
     * @throws IOException        if the stream cannot be read
     */
    public static IdxFile read(String source, InputStream stream, int expectedRank) throws IOException {
        InputStream raw = new BufferedInputStream(stream, 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (b0 < 0) {
            throw new IdxFormatException(source + ": file is empty, expected an IDX file");
        }
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        try {
            return parse(source, gzip ? new GZIPInputStream(raw, 1 << 16) : raw, expectedRank);
        } catch (EOFException | ZipException e) {
            if (gzip) {
                throw new IdxFormatException(source + ": gzip data is truncated or corrupt (" + e.getMessage() + ")",
                        e);
            }
            throw e;
        }
    }

    private static IdxFile parse(String source, InputStream in, int expectedRank) throws IOException {
        byte[] header = new byte[4];
        int got = ByteStreams.read(in, header, 0, 4);
        if (got == 0) {
            throw new IdxFormatException(source + ": file is empty, expected an IDX file");
        }
        if (got < 4) {
            throw new IdxFormatException(source + ": magic number: expected 4 bytes, found " + got);
        }
        int type = header[2] & 0xFF;
        int rank = header[3] & 0xFF;
        if (header[0] != 0 || header[1] != 0 || type != UBYTE) {
            throw new IdxFormatException(String.format("%s: magic number: expected 0x0000%02X%02X (unsigned-byte IDX"
                    + " with %d dimensions), found 0x%02X%02X%02X%02X", source, UBYTE, expectedRank, expectedRank,
                    header[0], header[1], header[2], header[3]));
        }
        if (rank != expectedRank) {
            throw new IdxFormatException(source + ": number of dimensions: expected " + expectedRank + ", found "
                    + rank);
        }
        int[] dims = new int[rank];
        byte[] dimBytes = new byte[4 * rank];
        got = ByteStreams.read(in, dimBytes, 0, dimBytes.length);
        if (got < dimBytes.length) {
            throw new IdxFormatException(source + ": header: expected " + dimBytes.length
                    + " bytes of dimensions, found " + got);
        }
        long total = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = ((dimBytes[4 * i] & 0xFF) << 24) | ((dimBytes[4 * i + 1] & 0xFF) << 16)
                    | ((dimBytes[4 * i + 2] & 0xFF) << 8) | (dimBytes[4 * i + 3] & 0xFF);
            if (dims[i] <= 0) {
                throw new IdxFormatException(source + ": dimension " + i + ": expected a positive size, found "
                        + Integer.toUnsignedString(dims[i]));
            }
            total *= dims[i];
            if (total > Integer.MAX_VALUE - 16) {
                throw new IdxFormatException(source + ": dimensions " + Arrays.toString(Arrays.copyOf(dims, i + 1))
                        + " declare more than 2 GB of data");
            }
        }
        byte[] data = new byte[(int) total];
        got = ByteStreams.read(in, data, 0, data.length);
        if (got < data.length) {
            throw new IdxFormatException(source + ": data is truncated: dimensions " + Arrays.toString(dims)
                    + " need " + data.length + " bytes, found " + got);
        }
        if (in.read() >= 0) {
            long extra = 1 + ByteStreams.exhaust(in);
            throw new IdxFormatException(source + ": " + extra + " unexpected bytes after the " + data.length
                    + " bytes of data that dimensions " + Arrays.toString(dims) + " declare");
        }
        return new IdxFile(dims, data);
    }
}
