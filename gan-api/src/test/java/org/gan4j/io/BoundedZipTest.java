package org.gan4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gan4j.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounded zip reader that generator files and checkpoints share, against zip bombs and damaged archives. */
class BoundedZipTest {

    /** 200 MB of zeros: deflates to about 200 KB. */
    static final long BOMB = 200_000_000L;

    @TempDir
    Path tmp;

    private static BoundedZip open(Path file) throws IOException {
        return BoundedZip.open(file, "test archive", problem -> new IOException(file + ": " + problem));
    }

    @Test
    void entriesAreReadAtTheirExpectedSize() throws IOException {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("m.properties", "a=1\n".getBytes(StandardCharsets.ISO_8859_1));
        e.put("x.bin", new byte[] {1, 2, 3, 4});
        Path file = Files.write(tmp.resolve("ok.zip"), HostileZips.zip(e));
        try (BoundedZip zip = open(file)) {
            assertThat(zip.names()).containsExactly("m.properties", "x.bin");
            assertThat(zip.text("m.properties")).isEqualTo("a=1\n");
            assertThat(zip.bytes("x.bin", 4)).containsExactly(1, 2, 3, 4);
            assertThatThrownBy(() -> zip.bytes("x.bin", 8)).hasMessageStartingWith(file.toString())
                    .hasMessageContaining("entry x.bin declares 4 bytes, expected 8");
            assertThatThrownBy(() -> zip.bytes("y.bin", 8)).hasMessageContaining("missing entry y.bin");
        }
    }

    @Test
    void aCentralDirectoryThatLostItsEndIsRefused() throws IOException {
        byte[] good = HostileZips.zip(Map.of("x.bin", new byte[100]));
        for (int cut : new int[] {1, 10, 22}) {
            Path file = Files.write(tmp.resolve("cut" + cut + ".zip"), Arrays.copyOf(good, good.length - cut));
            assertThatThrownBy(() -> open(file)).isInstanceOf(IOException.class)
                    .hasMessageStartingWith(file.toString())
                    .hasMessageContaining("not a test archive: not a complete zip");
        }
    }

    @Test
    void twoEntriesOfOneNameAreRefused() throws IOException {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("x.bin", new byte[] {1});
        e.put("y.bin", new byte[] {2});
        Path file = Files.write(tmp.resolve("dup.zip"), HostileZips.rename(HostileZips.zip(e), "y.bin", "x.bin"));
        assertThatThrownBy(() -> open(file)).hasMessageStartingWith(file.toString())
                .hasMessageContaining("entry x.bin appears twice");
    }

    @Test
    void aDamagedEntryIsRefusedByItsCrc() throws IOException {
        byte[] zip = HostileZips.zip(Map.of("x.bin", new byte[] {1, 2, 3, 4}));
        // stored as the 4 bytes deflated; flip a bit in the CRC field of the central directory instead
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(zip).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < zip.length - 4; i++) {
            if (b.getInt(i) == 0x02014b50) {
                zip[i + 16] ^= 1;
            }
        }
        Path file = Files.write(tmp.resolve("crc.zip"), zip);
        try (BoundedZip z = open(file)) {
            assertThatThrownBy(() -> z.bytes("x.bin", 4)).hasMessageContaining("entry x.bin is damaged");
        }
    }

    @Test
    void anEntryThatClaimsMoreThanItsCompressedBytesCanHoldIsRefusedBeforeInflating() throws IOException {
        Path file = Files.write(tmp.resolve("bomb.zip"), HostileZips.zip(Map.of("x.bin",
                new HostileZips.Zeros(BOMB))));
        long t0 = System.nanoTime();
        try (BoundedZip zip = open(file)) {
            assertThatThrownBy(() -> zip.bytes("x.bin", BOMB)).hasMessageContaining("entry x.bin should hold "
                    + BOMB + " bytes, but its").hasMessageContaining("compressed bytes can hold at most");
            assertThatThrownBy(() -> zip.text("x.bin")).hasMessageContaining("declares " + BOMB
                    + " bytes; a manifest holds at most " + BoundedZip.MAX_TEXT_BYTES);
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("nothing inflated").isLessThan(1000);
    }

    @Test
    void manySmallEntriesCannotAddUpToABomb() throws IOException {
        Map<String, Object> e = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            e.put(i + ".bin", new HostileZips.Zeros(1 << 20));
        }
        Path file = Files.write(tmp.resolve("many.zip"), HostileZips.zip(e));
        long budget = Files.size(file) * BoundedZip.MAX_RATIO + BoundedZip.SMALL_ENTRY_BYTES;
        assertThat(budget).as("the test needs a budget below 40 MiB").isLessThan(40L << 20);
        try (BoundedZip zip = open(file)) {
            assertThatThrownBy(() -> {
                for (int i = 0; i < 40; i++) {
                    zip.bytes(i + ".bin", 1 << 20);
                }
            }).hasMessageContaining("hold at most " + budget + " in all");
        }
    }

    /**
     * The central directory claims the expected sizes, the entries inflate to 200 MB: in a JVM of 32 MB of heap the
     * reader stops at the first byte over and refuses, naming the entry.
     */
    @Test
    void aZipBombIsStoppedAtTheFirstByteOverInASmallHeap() throws Exception {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("m.properties", new HostileZips.Zeros(BOMB));
        e.put("x.bin", new HostileZips.Zeros(BOMB));
        byte[] zip = HostileZips.zip(e);
        HostileZips.claimSize(zip, "m.properties", 100);
        HostileZips.claimSize(zip, "x.bin", 1000);
        Path file = Files.write(tmp.resolve("liar.zip"), zip);
        ChildJvm.Result r = ChildJvm.run("32m", List.of(), BoundedZipTest.class, file.toString());
        String out = r.output();
        assertThat(r.status()).as(out).isZero();
        assertThat(out).contains("text: " + file + ": entry m.properties holds more than the "
                + BoundedZip.MAX_TEXT_BYTES + " bytes a manifest may hold");
        assertThat(out).contains("bytes: " + file + ": entry x.bin holds more than the expected 1000 bytes");
    }

    /**
     * The child of {@link #aZipBombIsStoppedAtTheFirstByteOverInASmallHeap}: reads both entries of the archive and
     * prints each refusal; exits 1 if one was accepted (or anything else went wrong, an OutOfMemoryError included).
     *
     * @param args the archive
     */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int accepted = 0;
        try (BoundedZip zip = open(file)) {
            try {
                zip.text("m.properties");
                accepted++;
            } catch (IOException e) {
                System.out.println("text: " + e.getMessage());
            }
            try {
                zip.bytes("x.bin", 1000);
                accepted++;
            } catch (IOException e) {
                System.out.println("bytes: " + e.getMessage());
            }
        }
        System.out.println("max heap " + Runtime.getRuntime().maxMemory());
        System.exit(accepted == 0 ? 0 : 1);
    }
}
