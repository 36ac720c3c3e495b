package org.gan4j.data;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Inflates exactly one gzip member (RFC 1952), checks its header and trailer, and insists that the input ends right
 * after it. The JDK's {@link java.util.zip.GZIPInputStream} reads concatenated members as one stream and silently
 * drops bytes after a member that do not look like a gzip header, so a second file or trailing garbage would pass; an
 * IDX {@code .gz} file is one member and nothing else.
 *
 * <p>Damage is reported as {@link EOFException} (input ends early) or {@link ZipException} (bad header, deflate data,
 * CRC-32 or length), which {@link IdxFile} turns into "truncated or corrupt"; bytes after the member as an
 * {@link IdxFormatException} naming the source and the offset. {@link #close} frees the inflater and leaves the
 * underlying stream open. Not thread-safe.
 */
final class GzipMemberInputStream extends InputStream {

    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final String source;
    private final InputStream in;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] input = new byte[1 << 16];
    private int inputLength;
    private long headerLength;
    private long inflated;
    private boolean ended;

    /**
     * Reads and checks the member's header.
     *
     * @param source names the content in messages
     * @param in     the compressed bytes, positioned at the gzip magic number
     */
    GzipMemberInputStream(String source, InputStream in) throws IOException {
        this.source = source;
        this.in = in;
        readHeader();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (!ended) {
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new ZipException("invalid deflate data: " + e.getMessage());
            }
            if (n > 0) {
                crc.update(b, off, n);
                inflated += n;
                return n;
            }
            if (inflater.finished()) {
                readTrailer();
                ended = true;
            } else if (inflater.needsDictionary()) {
                throw new ZipException("deflate data asks for a preset dictionary, which gzip does not have");
            } else if (inflater.needsInput()) {
                inputLength = in.read(input, 0, input.length);
                if (inputLength < 0) {
                    throw new EOFException("the gzip stream ends inside the compressed data");
                }
                inflater.setInput(input, 0, inputLength);
            }
        }
        return -1;
    }

    /** Frees the inflater; the underlying stream stays open. */
    @Override
    public void close() {
        inflater.end();
    }

    private void readHeader() throws IOException {
        CRC32 headerCrc = new CRC32();
        if (headerByte(headerCrc) != 0x1f || headerByte(headerCrc) != 0x8b) {
            throw new ZipException("not a gzip stream");
        }
        int method = headerByte(headerCrc);
        if (method != 8) {
            throw new ZipException("unsupported gzip compression method " + method + " (expected 8, deflate)");
        }
        int flags = headerByte(headerCrc);
        if ((flags & 0xE0) != 0) {
            throw new ZipException("gzip header has reserved flag bits set: 0x" + Integer.toHexString(flags));
        }
        for (int i = 0; i < 6; i++) { // modification time, extra flags, operating system
            headerByte(headerCrc);
        }
        if ((flags & FEXTRA) != 0) {
            int length = headerByte(headerCrc) | (headerByte(headerCrc) << 8);
            for (int i = 0; i < length; i++) {
                headerByte(headerCrc);
            }
        }
        for (int field : new int[] {FNAME, FCOMMENT}) {
            if ((flags & field) != 0) {
                while (headerByte(headerCrc) != 0) {
                    // a zero-terminated name or comment, skipped byte by byte: nothing is kept
                }
            }
        }
        if ((flags & FHCRC) != 0) {
            int expected = (int) headerCrc.getValue() & 0xFFFF;
            int found = headerByte(null) | (headerByte(null) << 8);
            if (found != expected) {
                throw new ZipException("gzip header checksum mismatch");
            }
        }
    }

    private int headerByte(CRC32 headerCrc) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the gzip stream ends inside its header");
        }
        headerLength++;
        if (headerCrc != null) {
            headerCrc.update(b);
        }
        return b;
    }

    /** Checks the CRC-32 and length after the deflate data, then that nothing follows. */
    private void readTrailer() throws IOException {
        int remaining = inflater.getRemaining();
        InputStream rest = new SequenceInputStream(
                new ByteArrayInputStream(input, inputLength - remaining, remaining), in);
        long storedCrc = littleEndianInt(rest);
        long storedSize = littleEndianInt(rest);
        if (storedCrc != crc.getValue()) {
            throw new ZipException("CRC-32 mismatch: the trailer says " + Long.toHexString(storedCrc)
                    + ", the data has " + Long.toHexString(crc.getValue()));
        }
        if (storedSize != (inflated & 0xFFFF_FFFFL)) {
            throw new ZipException("length mismatch: the trailer says " + storedSize + " bytes (mod 2^32), the data"
                    + " has " + inflated);
        }
        if (rest.read() >= 0) {
            long end = headerLength + inflater.getBytesRead() + 8;
            throw new IdxFormatException(source + ": unexpected data after the end of the gzip stream at byte " + end
                    + " (a second gzip member or other bytes); an IDX .gz file is one gzip member");
        }
    }

    private static long littleEndianInt(InputStream in) throws IOException {
        long value = 0;
        for (int i = 0; i < 4; i++) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the gzip trailer (CRC-32 and length) is truncated");
            }
            value |= (long) b << (8 * i);
        }
        return value;
    }
}
