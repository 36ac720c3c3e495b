package org.gan4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gan4j.data.IdxFileTest.gzip;
import static org.gan4j.data.IdxFileTest.idx;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.common.io.CountingInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterInputStream;
import org.gan4j.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IDX files built to exhaust memory or time: tiny files declaring huge sizes, gzip streams with something after the
 * payload, endless streams. Each must be refused with a message naming the file, having allocated and read only what
 * the file holds.
 */
class IdxHostileFileTest {

    @TempDir
    Path dir;

    /** A stream of zeros that never ends. */
    private static final class Zeros extends InputStream {
        @Override
        public int read() {
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            Arrays.fill(b, off, off + len, (byte) 0);
            return len;
        }
    }

    /** One gzip member whose content is {@code payload} followed by zeros without end, compressed as it is read. */
    private static InputStream endlessGzip(byte[] payload) {
        byte[] header = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
        return new SequenceInputStream(new ByteArrayInputStream(header), new DeflaterInputStream(
                new SequenceInputStream(new ByteArrayInputStream(payload), new Zeros()), new Deflater(9, true)));
    }

    private static byte[] concat(byte[]... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p);
        }
        return out.toByteArray();
    }

    @Test
    void aTinyRawFileDeclaringTwoMillionImagesIsRefusedBeforeAllocatingInA64MbHeap() throws Exception {
        Path f = Files.write(dir.resolve("train-images-idx3-ubyte"), idx(8, new int[] {2_000_000, 28, 28}, 100));
        assertThat(Files.size(f)).isEqualTo(116);
        ChildJvm.Result r = SmallHeap.run("64m", List.of(), "idx", f.toString(), "3");
        assertThat(r.status()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).isEqualTo("refused: IdxFormatException: " + f
                + ": data is truncated: dimensions [2000000, 28, 28] need 1568000000 bytes, found 100\n");
    }

    @Test
    void aTinyGzipFileDeclaringAMillionImagesIsRefusedFromItsLengthBeforeReadingTheData() throws IOException {
        Path f = Files.write(dir.resolve("train-images-idx3-ubyte.gz"),
                gzip(idx(8, new int[] {1_000_000, 28, 28}, 100)));
        long length = Files.size(f);
        assertThatThrownBy(() -> IdxFile.read(f, 3)).isInstanceOf(IdxFormatException.class)
                .hasMessage(f + ": data is truncated: dimensions [1000000, 28, 28] need 784000000 bytes, more than a"
                        + " gzip file of " + length + " bytes can hold (deflate compresses at most 1032:1)");
    }

    @Test
    void aTinyGzipStreamDeclaringAMillionImagesIsReadInChunksInA64MbHeap() throws Exception {
        Path f = Files.write(dir.resolve("train-images-idx3-ubyte.gz"),
                gzip(idx(8, new int[] {1_000_000, 28, 28}, 100)));
        ChildJvm.Result r = SmallHeap.run("64m", List.of(), "idx-stream", f.toString(), "3");
        assertThat(r.status()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).isEqualTo("refused: IdxFormatException: " + f
                + ": data is truncated: dimensions [1000000, 28, 28] need 784000000 bytes, found 100\n");
    }

    @Test
    void aGzipFileWithinTheDeflateBoundIsStillReadInChunksInA64MbHeap() throws Exception {
        // 100 KB of random bytes barely compress, so the file may hold 100 MB by its length; it holds 100 KB.
        byte[] noise = new byte[100_000];
        new java.util.Random(7).nextBytes(noise);
        Path f = Files.write(dir.resolve("noise.gz"), gzip(concat(idx(8, new int[] {130_000, 28, 28}, 0), noise)));
        assertThat(Files.size(f) * IdxFile.MAX_DEFLATE_RATIO).isGreaterThan(130_000L * 28 * 28 + 16);
        ChildJvm.Result r = SmallHeap.run("64m", List.of(), "idx", f.toString(), "3");
        assertThat(r.status()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).isEqualTo("refused: IdxFormatException: " + f
                + ": data is truncated: dimensions [130000, 28, 28] need 101920000 bytes, found 100000\n");
    }

    @Test
    void aRawFileLongerThanItsDimensionsIsRefusedWithoutReadingTheRest() throws IOException {
        Path f = Files.write(dir.resolve("long"), idx(8, new int[] {1, 2, 2}, 4 + 1_000_000));
        assertThatThrownBy(() -> IdxFile.read(f, 3)).isInstanceOf(IdxFormatException.class)
                .hasMessage(f + ": 1000000 unexpected bytes after the 4 bytes of data that dimensions [1, 2, 2]"
                        + " declare");
    }

    @Test
    void dimensionsWhoseProductOverflowsAreRefused() throws IOException {
        // 65536 * 65536 is 0 in 32-bit arithmetic: the product must be computed without overflow.
        Path f = Files.write(dir.resolve("overflow"), idx(8, new int[] {65536, 65536, 1}, 0));
        assertThatThrownBy(() -> IdxFile.read(f, 3)).isInstanceOf(IdxFormatException.class)
                .hasMessage(f + ": dimensions [65536, 65536] declare 4294967296 bytes, more than the 2147483631 (2 GB)"
                        + " an IDX file may hold");
        int max = Integer.MAX_VALUE;
        Path g = Files.write(dir.resolve("overflow.gz"), gzip(idx(8, new int[] {1, max, max}, 0)));
        assertThatThrownBy(() -> IdxFile.read(g, 3)).isInstanceOf(IdxFormatException.class)
                .hasMessageStartingWith(g + ": dimensions [1, " + max + "] declare " + max + " bytes");
    }

    @Test
    void garbageAfterTheGzipStreamIsRefused() throws IOException {
        byte[] good = gzip(idx(8, new int[] {2, 2, 2}, 8));
        Path f = Files.write(dir.resolve("garbage.gz"), concat(good, "garbage".getBytes()));
        assertThatThrownBy(() -> IdxFile.read(f, 3)).isInstanceOf(IdxFormatException.class)
                .hasMessage(f + ": unexpected data after the end of the gzip stream at byte " + good.length
                        + " (a second gzip member or other bytes); an IDX .gz file is one gzip member");
    }

    @Test
    void aSecondGzipMemberIsRefusedEvenWhenEmpty() throws IOException {
        byte[] good = gzip(idx(8, new int[] {2, 2, 2}, 8));
        Path f = Files.write(dir.resolve("two.gz"), concat(good, gzip(new byte[0])));
        assertThatThrownBy(() -> IdxFile.read(f, 3)).isInstanceOf(IdxFormatException.class)
                .hasMessageStartingWith(f + ": unexpected data after the end of the gzip stream at byte "
                        + good.length);
    }

    @Test
    void extraDataInsideTheGzipStreamIsCountedOnlyUpToALimit() throws IOException {
        byte[] payload = idx(8, new int[] {2, 2, 2}, 8);
        CountingInputStream compressed = new CountingInputStream(endlessGzip(payload));
        assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThatThrownBy(() -> IdxFile.read("endless.gz", compressed, 3))
                        .isInstanceOf(IdxFormatException.class)
                        .hasMessage("endless.gz: more than 65536 unexpected bytes after the 8 bytes of data that"
                                + " dimensions [2, 2, 2] declare"));
        assertThat(compressed.getCount()).as("compressed bytes read").isLessThan(1 << 20);
    }

    @Test
    void anEndlessRawStreamIsRefusedAfterALimit() throws IOException {
        InputStream endless = new SequenceInputStream(new ByteArrayInputStream(idx(8, new int[] {1, 1, 3}, 3)),
                new Zeros());
        assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThatThrownBy(() -> IdxFile.read("endless", endless, 3))
                        .isInstanceOf(IdxFormatException.class)
                        .hasMessage("endless: more than 65536 unexpected bytes after the 3 bytes of data that"
                                + " dimensions [1, 1, 3] declare"));
    }

    @Test
    void aDamagedGzipChecksumIsRefused() throws IOException {
        byte[] gz = gzip(idx(8, new int[] {2, 2, 2}, 8));
        gz[gz.length - 8] ^= 1; // the CRC-32 of the trailer
        Path f = Files.write(dir.resolve("crc.gz"), gz);
        assertThatThrownBy(() -> IdxFile.read(f, 3)).isInstanceOf(IdxFormatException.class)
                .hasMessageStartingWith(f + ": gzip data is truncated or corrupt")
                .hasMessageContaining("CRC");
        Path cut = Files.write(dir.resolve("trailer.gz"), Arrays.copyOf(gz, gz.length - 3));
        assertThatThrownBy(() -> IdxFile.read(cut, 3)).isInstanceOf(IdxFormatException.class)
                .hasMessageStartingWith(cut + ": gzip data is truncated or corrupt");
    }

    @Test
    void gzipHeadersWithNameCommentExtraAndHeaderChecksumAreRead() throws IOException {
        byte[] plain = gzip(idx(8, new int[] {1, 2, 3}, 6));
        // The same deflate data behind a header with every optional field (RFC 1952 section 2.3).
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(new byte[] {0x1f, (byte) 0x8b, 8, 4 | 8 | 16 | 2, 0, 0, 0, 0, 0, 3});
        header.write(new byte[] {3, 0, 'a', 'b', 'c'});             // FEXTRA: length 3, then the bytes
        header.write("images.idx\0".getBytes());                  // FNAME
        header.write("a comment\0".getBytes());                   // FCOMMENT
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(header.toByteArray());
        header.write((int) crc.getValue() & 0xFF);                // FHCRC: the low 16 bits of the header's CRC-32
        header.write((int) (crc.getValue() >> 8) & 0xFF);
        Path f = Files.write(dir.resolve("named.gz"),
                concat(header.toByteArray(), Arrays.copyOfRange(plain, 10, plain.length)));
        assertThat(IdxFile.read(f, 3).dims()).containsExactly(1, 2, 3);
        byte[] bad = Files.readAllBytes(f);
        bad[header.size() - 1] ^= 1;
        Path g = Files.write(dir.resolve("badheader.gz"), bad);
        assertThatThrownBy(() -> IdxFile.read(g, 3)).isInstanceOf(IdxFormatException.class)
                .hasMessageStartingWith(g + ": gzip data is truncated or corrupt")
                .hasMessageContaining("header");
    }
}
