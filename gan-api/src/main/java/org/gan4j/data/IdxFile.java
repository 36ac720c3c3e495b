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
import java.util.zip.ZipException;

/**
 * An IDX file of unsigned bytes (the MNIST format): its dimensions and data. {@link #read} accepts raw and gzip
 * files (recognised by content, not name) and validates everything it reads. Memory is bounded by what the file
 * holds, never by what its header declares: see {@link #read(Path, int)}. A gzip file must be one gzip member with
 * nothing after it.
 *
 * <p>Format: two zero bytes, a type byte ({@code 0x08}: unsigned byte, the only type supported), a byte with the
 * number of dimensions, one big-endian 32-bit size per dimension, then the data, row-major, and nothing after it.
 */
public final class IdxFile {

    /** Type code of unsigned bytes. */
    static final int UBYTE = 0x08;

    /** The largest data an IDX file may declare: the largest Java array (the images are held in one). */
    static final int MAX_DATA_BYTES = ImageDataset.MAX_ARRAY_LENGTH;

    /** How many bytes after the declared data are read to report them, at most; beyond that: "more than". */
    static final int TRAILING_LIMIT = 1 << 16;

    /**
     * Deflate's largest compression ratio (zlib's FAQ: a 258-byte match coded in 2 bits), so a gzip member of
     * {@code n} bytes inflates to at most {@code 1032 n}: a bound on what a {@code .gz} file can hold, known from its
     * length before reading it.
     */
    static final long MAX_DEFLATE_RATIO = 1032;

    /** The first chunk of data read when the length of the content is not known in advance (gzip, streams). */
    private static final int FIRST_CHUNK = 1 << 20;

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
     * Reads and validates a file. Nothing is allocated from the declared dimensions before the file is known to hold
     * them: a raw file's length is checked against them first, and gzip content is read in chunks (memory grows with
     * the data actually there, never with what the header claims).
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
            // The length bounds the content only for a regular file (a pipe or device reports 0 or nothing useful).
            long length = Files.isRegularFile(file) ? Files.size(file) : -1;
            return read(file.toString(), in, expectedRank, length);
        }
    }

    /**
     * Reads and validates IDX content, raw or gzip, from a stream (not closed). The content is read in chunks, so
     * memory grows with the data actually there; at most 64 KiB after the declared data are read to report them.
     *
     * @param source       names the content in messages, e.g. a file or resource name
     * @param stream       the IDX content, raw or gzip; read to its end and left open
     * @param expectedRank number of dimensions the caller needs (3 for images, 1 for labels)
     * @return the content's dimensions and data
     * @throws IdxFormatException naming the source and the field for any malformed content
     * @throws IOException        if the stream cannot be read
     */
    public static IdxFile read(String source, InputStream stream, int expectedRank) throws IOException {
        return read(source, stream, expectedRank, -1);
    }

    /** {@code length}: the length in bytes of the file behind {@code stream} when known (a regular file), else -1. */
    private static IdxFile read(String source, InputStream stream, int expectedRank, long length) throws IOException {
        InputStream raw = new BufferedInputStream(stream, 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (b0 < 0) {
            throw new IdxFormatException(source + ": file is empty, expected an IDX file");
        }
        if (b0 != 0x1f || b1 != 0x8b) {
            return parse(source, raw, expectedRank, length, -1);
        }
        try (GzipMemberInputStream gzip = new GzipMemberInputStream(source, raw)) {
            return parse(source, gzip, expectedRank, -1, length);
        } catch (EOFException | ZipException e) {
            throw new IdxFormatException(source + ": gzip data is truncated or corrupt (" + e.getMessage() + ")", e);
        }
    }

    /**
     * {@code rawLength}: the exact length of raw content when known (a raw file), else -1; {@code gzipLength}: the
     * length of the compressed file that {@code in} inflates when known, else -1.
     */
    private static IdxFile parse(String source, InputStream in, int expectedRank, long rawLength, long gzipLength)
            throws IOException {
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
            if (total > MAX_DATA_BYTES) {
                throw new IdxFormatException(source + ": dimensions " + Arrays.toString(Arrays.copyOf(dims, i + 1))
                        + " declare " + total + " bytes, more than the " + MAX_DATA_BYTES + " (2 GB) an IDX file may"
                        + " hold");
            }
        }
        int headerLength = 4 + dimBytes.length;
        if (gzipLength >= 0 && headerLength + total > gzipLength * MAX_DEFLATE_RATIO) {
            throw new IdxFormatException(source + ": data is truncated: dimensions " + Arrays.toString(dims) + " need "
                    + total + " bytes, more than a gzip file of " + gzipLength + " bytes can hold (deflate compresses"
                    + " at most " + MAX_DEFLATE_RATIO + ":1)");
        }
        if (rawLength >= 0) { // a raw file: its length says, before anything is allocated, whether the data is there
            long available = rawLength - headerLength;
            if (available < total) {
                throw truncated(source, dims, total, available);
            }
            if (available > total) {
                throw trailing(source, dims, total, Long.toString(available - total));
            }
        }
        byte[] data = readData(source, in, dims, (int) total, rawLength >= 0);
        long extra = ByteStreams.exhaust(ByteStreams.limit(in, TRAILING_LIMIT + 1));
        if (extra > 0) {
            throw trailing(source, dims, total, extra > TRAILING_LIMIT ? "more than " + TRAILING_LIMIT
                    : Long.toString(extra));
        }
        return new IdxFile(dims, data);
    }

    /**
     * Reads the {@code size} bytes of data. With {@code known} (the raw file's length was checked against the
     * dimensions) the array is allocated at once; otherwise it starts at {@value #FIRST_CHUNK} bytes and doubles as
     * data arrives, so a header that claims more than the content holds costs memory in proportion to the data that
     * is really there (at most three times it, while the array grows), not to the claim.
     */
    private static byte[] readData(String source, InputStream in, int[] dims, int size, boolean known)
            throws IOException {
        byte[] data = new byte[known ? size : Math.min(size, FIRST_CHUNK)];
        int got = 0;
        while (true) {
            got += ByteStreams.read(in, data, got, data.length - got);
            if (got == size) {
                return data;
            }
            if (got < data.length) {
                throw truncated(source, dims, size, got);
            }
            data = Arrays.copyOf(data, (int) Math.min(size, 2L * data.length));
        }
    }

    private static IdxFormatException truncated(String source, int[] dims, long need, long found) {
        return new IdxFormatException(source + ": data is truncated: dimensions " + Arrays.toString(dims) + " need "
                + need + " bytes, found " + found);
    }

    private static IdxFormatException trailing(String source, int[] dims, long declared, String extra) {
        return new IdxFormatException(source + ": " + extra + " unexpected bytes after the " + declared
                + " bytes of data that dimensions " + Arrays.toString(dims) + " declare");
    }
}
