package org.gan4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ring on 127.0.0.1, each rank a thread: its sums, bit for bit, and its failures as errors in bounded time. */
class RingAllReduceTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @FunctionalInterface
    private interface RankWork<T> {
        T run(RingAllReduce ring) throws Exception;
    }

    /** Binds P listeners, then runs each rank's work on its own thread on the connected ring. */
    private <T> List<Future<T>> onRing(int p, Duration timeout, RankWork<T> work) throws IOException {
        List<ServerSocket> servers = new ArrayList<>();
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (int r = 0; r < p; r++) {
            ServerSocket s = RingAllReduce.listen(LOOPBACK);
            servers.add(s);
            addresses.add(new InetSocketAddress(LOOPBACK, s.getLocalPort()));
        }
        List<Future<T>> results = new ArrayList<>();
        for (int r = 0; r < p; r++) {
            int rank = r;
            results.add(threads.submit(() -> {
                try (RingAllReduce ring = RingAllReduce.connect(rank, addresses, servers.get(rank), timeout)) {
                    return work.run(ring);
                }
            }));
        }
        return results;
    }

    private static float[] floats(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            // magnitudes over six decades, so that the order of the additions shows in the bits
            v[i] = (float) ((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(6)));
        }
        return v;
    }

    private static double[] doubles(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(6));
        }
        return v;
    }

    @Test
    void everyRankGetsTheSumInRankOrderBitForBitWithTwoAndThreePeers() throws Exception {
        for (int p : new int[] {2, 3}) {
            int n = 100_003; // not a multiple of anything
            float[] expectedF = floats(0, n);
            double[] expectedD = doubles(100, n);
            for (int r = 1; r < p; r++) {
                float[] vf = floats(r, n);
                double[] vd = doubles(100 + r, n);
                for (int i = 0; i < n; i++) {
                    expectedF[i] = expectedF[i] + vf[i]; // ((v0 + v1) + v2): the documented order
                    expectedD[i] = expectedD[i] + vd[i];
                }
            }
            List<Future<Object[]>> results = onRing(p, TIMEOUT, ring -> {
                float[] f = floats(ring.rank(), n);
                double[] d = doubles(100 + ring.rank(), n);
                ring.sumInPlace(f);
                ring.sumInPlace(d);
                return new Object[] {f, d};
            });
            for (Future<Object[]> result : results) {
                Object[] got = result.get(60, TimeUnit.SECONDS);
                assertThat((float[]) got[0]).as("P = %d", p).isEqualTo(expectedF);
                assertThat((double[]) got[1]).as("P = %d", p).isEqualTo(expectedD);
            }
        }
    }

    @Test
    void chunksOfAnySizeGiveTheBitsOfTheWholeArrayInRankOrder() throws Exception {
        int n = 100_003;
        for (int p : new int[] {2, 3}) {
            float[] expectedF = floats(0, n);
            double[] expectedD = doubles(100, n);
            for (int r = 1; r < p; r++) {
                float[] vf = floats(r, n);
                double[] vd = doubles(100 + r, n);
                for (int i = 0; i < n; i++) {
                    expectedF[i] = expectedF[i] + vf[i];
                    expectedD[i] = expectedD[i] + vd[i];
                }
            }
            // 4,000 bytes: 1,000 floats or 500 doubles a chunk, the last one short; 44: 11 floats or 5 doubles (a
            // byte count that is not a multiple of 8); MAX_VALUE: the whole array in one message per hop
            for (int chunk : new int[] {4_000, 44, Integer.MAX_VALUE}) {
                List<Future<Object[]>> results = onRing(p, TIMEOUT, ring -> {
                    ring.chunkBytes(chunk);
                    float[] f = floats(ring.rank(), n);
                    double[] d = doubles(100 + ring.rank(), n);
                    ring.sumInPlace(f);
                    ring.sumInPlace(d);
                    float[] empty = new float[0];
                    ring.sumInPlace(empty);
                    return new Object[] {f, d};
                });
                for (Future<Object[]> result : results) {
                    Object[] got = result.get(60, TimeUnit.SECONDS);
                    assertThat((float[]) got[0]).as("P = %d, chunk %d", p, chunk).isEqualTo(expectedF);
                    assertThat((double[]) got[1]).as("P = %d, chunk %d", p, chunk).isEqualTo(expectedD);
                }
            }
        }
    }

    @Test
    void arraysLargerThanTheSocketsBuffersDoNotDeadlockTheChunkedRing() throws Exception {
        // 16 MB a rank, 64 chunks of 256 KiB: every rank sends while it receives, in both phases
        int n = 4 << 20;
        List<Future<float[]>> results = onRing(3, TIMEOUT, ring -> {
            float[] v = new float[n];
            java.util.Arrays.fill(v, ring.rank() + 1);
            ring.sumInPlace(v);
            ring.sumInPlace(v);
            return v;
        });
        for (Future<float[]> r : results) {
            float[] v = r.get(60, TimeUnit.SECONDS);
            assertThat(v[0]).isEqualTo(18f); // (1 + 2 + 3) summed twice: 6 on each, then 18
            assertThat(v[n - 1]).isEqualTo(18f);
        }
    }

    @Test
    void theChunkSizeShrinksWithTheRingAndGrowsWithTheArrayWithinItsBounds() {
        assertThat(RingAllReduce.chunkBytesFor(16_000_000, 5)).isEqualTo(RingAllReduce.MAX_CHUNK_BYTES);
        assertThat(RingAllReduce.chunkBytesFor(16_000_000, 16)).isEqualTo(146_059); // sqrt(16e6 * 20,000 / 15)
        assertThat(RingAllReduce.chunkBytesFor(16_000_000, 64)).isEqualTo(71_269);
        assertThat(RingAllReduce.chunkBytesFor(16_000_000, 32)).isLessThan(146_059).isGreaterThan(71_269);
        assertThat(RingAllReduce.chunkBytesFor(1_000_000, 2)).isEqualTo(141_421);
        assertThat(RingAllReduce.chunkBytesFor(1_000_000, 6)).isEqualTo(RingAllReduce.MIN_CHUNK_BYTES);
        assertThat(RingAllReduce.chunkBytesFor(24, 2)).isEqualTo(RingAllReduce.MIN_CHUNK_BYTES);
        assertThat(RingAllReduce.chunkBytesFor(1L << 30, 2)).isEqualTo(RingAllReduce.MAX_CHUNK_BYTES);
        assertThat(RingAllReduce.chunkBytesFor(640_000, 1)).isEqualTo(RingAllReduce.MAX_CHUNK_BYTES);
    }

    @Test
    void arraysOfDifferentLengthsFailAtTheFirstChunk() throws Exception {
        int n = 3 * (RingAllReduce.MAX_CHUNK_BYTES / 4); // several full chunks on rank 0, one float more on rank 1
        List<Future<Void>> results = onRing(2, TIMEOUT, ring -> {
            ring.sumInPlace(new float[n + ring.rank()]);
            return null;
        });
        assertThatThrownBy(() -> results.get(1).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class)
                .hasMessageContaining("sent " + n + " float values, rank 1 sums " + (n + 1) + " float values");
        assertThatThrownBy(() -> results.get(0).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class);
    }

    @Test
    void theOrderIsRankOrderNotAnyOther() throws Exception {
        // (1e8 + -1e8) + 1 = 1 in float, while 1e8 + (-1e8 + 1) = 0: rank order is what the ring computes
        float[][] values = {{1e8f}, {-1e8f}, {1f}};
        assertThat(1e8f + (-1e8f + 1f)).isEqualTo(0f);
        List<Future<float[]>> results = onRing(3, TIMEOUT, ring -> {
            float[] v = values[ring.rank()].clone();
            ring.sumInPlace(v);
            return v;
        });
        for (Future<float[]> r : results) {
            assertThat(r.get(60, TimeUnit.SECONDS)).containsExactly(1f);
        }
    }

    @Test
    void withTwoPeersEitherOrderIsTheSameBits() {
        // what lets a P = 2 reference add its two slices in either order
        float[] a = floats(7, 10_000);
        float[] b = floats(8, 10_000);
        for (int i = 0; i < a.length; i++) {
            assertThat(Float.floatToRawIntBits(a[i] + b[i])).isEqualTo(Float.floatToRawIntBits(b[i] + a[i]));
        }
    }

    @Test
    void manyCallsInARowAndOneRankAlone() throws Exception {
        List<Future<float[]>> results = onRing(2, TIMEOUT, ring -> {
            float[] v = new float[3];
            for (int call = 0; call < 200; call++) {
                v[0] = ring.rank() + 1;
                ring.sumInPlace(v);
            }
            return v;
        });
        for (Future<float[]> r : results) {
            assertThat(r.get(60, TimeUnit.SECONDS)).containsExactly(3f, 0f, 0f);
        }
        ServerSocket alone = RingAllReduce.listen(LOOPBACK);
        try (RingAllReduce ring = RingAllReduce.connect(0,
                List.of(new InetSocketAddress(LOOPBACK, alone.getLocalPort())), alone, TIMEOUT)) {
            double[] v = {1.5, -2};
            ring.sumInPlace(v);
            assertThat(v).containsExactly(1.5, -2);
        }
    }

    @Test
    void aPeerThatNeverConnectsIsATimeoutErrorNamingIt() throws IOException {
        ServerSocket mine = RingAllReduce.listen(LOOPBACK);
        // rank 1 listens (so rank 0's connect succeeds through the backlog) but never connects back
        try (ServerSocket silent = RingAllReduce.listen(LOOPBACK)) {
            InetSocketAddress silentAddress = new InetSocketAddress(LOOPBACK, silent.getLocalPort());
            List<InetSocketAddress> peers = List.of(new InetSocketAddress(LOOPBACK, mine.getLocalPort()),
                    silentAddress);
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                    assertThatThrownBy(() -> RingAllReduce.connect(0, peers, mine, Duration.ofMillis(500)))
                            .isInstanceOf(IOException.class)
                            .hasMessageContaining("rank 1 (" + silentAddress + ") did not connect")
                            .hasMessageContaining("500 ms"));
        }
        assertThat(mine.isClosed()).isTrue();
    }

    @Test
    void aPeerThatIsNotListeningIsATimeoutErrorNamingIt() throws IOException {
        ServerSocket mine = RingAllReduce.listen(LOOPBACK);
        ServerSocket gone = RingAllReduce.listen(LOOPBACK);
        InetSocketAddress goneAddress = new InetSocketAddress(LOOPBACK, gone.getLocalPort());
        gone.close(); // nothing listens there any more: every attempt is refused
        List<InetSocketAddress> peers = List.of(new InetSocketAddress(LOOPBACK, mine.getLocalPort()), goneAddress);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThatThrownBy(() -> RingAllReduce.connect(0, peers, mine, Duration.ofMillis(500)))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("rank 1 (" + goneAddress + ") could not be reached within 500 ms"));
    }

    /** Rank 1 played by hand: greets rank 0 properly, then does what {@code after} does on its connection. */
    private Future<?> fakeRankOne(ServerSocket server, InetSocketAddress rankZero, FakePeer after) {
        return threads.submit(() -> {
            try (Socket toZero = new Socket()) {
                toZero.connect(rankZero, 10_000);
                OutputStream out = toZero.getOutputStream();
                out.write(ByteBuffer.allocate(RingAllReduce.HELLO_BYTES).putInt(RingAllReduce.MAGIC).putInt(1)
                        .putInt(2).array());
                out.flush();
                try (Socket fromZero = server.accept()) {
                    new DataInputStream(fromZero.getInputStream()).readFully(new byte[RingAllReduce.HELLO_BYTES]);
                    after.run(out, fromZero);
                }
            }
            return null;
        });
    }

    @FunctionalInterface
    private interface FakePeer {
        void run(OutputStream toZero, Socket fromZero) throws Exception;
    }

    private static byte[] header(long call, int type, int length) {
        return ByteBuffer.allocate(RingAllReduce.HEADER_BYTES).putInt(RingAllReduce.MAGIC).putLong(call)
                .putInt(type).putInt(length).array();
    }

    @Test
    void aPeerThatDiesMidMessageIsAnErrorNamingIt() throws Exception {
        ServerSocket mine = RingAllReduce.listen(LOOPBACK);
        ServerSocket theirs = RingAllReduce.listen(LOOPBACK);
        InetSocketAddress zero = new InetSocketAddress(LOOPBACK, mine.getLocalPort());
        InetSocketAddress one = new InetSocketAddress(LOOPBACK, theirs.getLocalPort());
        Future<?> peer = fakeRankOne(theirs, zero, (out, fromZero) -> {
            // read rank 0's 10 floats, answer with a header for 10 and 3 of them, then die
            new DataInputStream(fromZero.getInputStream()).readFully(new byte[RingAllReduce.HEADER_BYTES + 40]);
            out.write(header(0, RingAllReduce.FLOAT, 10));
            out.write(new byte[12]);
            out.flush();
        });
        try (RingAllReduce ring = RingAllReduce.connect(0, List.of(zero, one), mine, TIMEOUT)) {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                    assertThatThrownBy(() -> ring.sumInPlace(new float[10]))
                            .isInstanceOf(IOException.class)
                            .hasMessageContaining("rank 1 (" + one + ") closed its connection to rank 0")
                            .hasMessageContaining("12 of 40 bytes"));
            // a failed ring refuses further work instead of reading a half-consumed stream
            assertThatThrownBy(() -> ring.sumInPlace(new float[10])).isInstanceOf(IllegalStateException.class);
        }
        peer.get(30, TimeUnit.SECONDS);
        theirs.close();
    }

    @Test
    void aPeerThatStopsAnsweringIsATimeoutErrorNamingIt() throws Exception {
        ServerSocket mine = RingAllReduce.listen(LOOPBACK);
        ServerSocket theirs = RingAllReduce.listen(LOOPBACK);
        InetSocketAddress zero = new InetSocketAddress(LOOPBACK, mine.getLocalPort());
        InetSocketAddress one = new InetSocketAddress(LOOPBACK, theirs.getLocalPort());
        Future<?> peer = fakeRankOne(theirs, zero, (out, fromZero) -> {
            // alive, connected, silent: until rank 0 gives up and closes
            while (fromZero.getInputStream().read() >= 0) {
                // drain
            }
        });
        try (RingAllReduce ring = RingAllReduce.connect(0, List.of(zero, one), mine, Duration.ofMillis(700))) {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                    assertThatThrownBy(() -> ring.sumInPlace(new double[5]))
                            .isInstanceOf(IOException.class)
                            .hasMessageContaining("rank 1 (" + one + ") stopped answering"));
        }
        peer.get(30, TimeUnit.SECONDS);
        theirs.close();
    }

    @Test
    void aMismatchedLengthIsAnErrorOnBothRanks() throws Exception {
        List<Future<Void>> results = onRing(2, TIMEOUT, ring -> {
            ring.sumInPlace(new float[10 + ring.rank()]);
            return null;
        });
        // rank 1 reads rank 0's header and refuses it; its ring closes, so rank 0 fails at once, not at its timeout
        assertThatThrownBy(() -> results.get(1).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class)
                .hasMessageContaining("rank 0 (")
                .hasMessageContaining("sent 10 float values, rank 1 sums 11 float values");
        assertThatThrownBy(() -> results.get(0).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class)
                .hasMessageContaining("rank 1 (");
    }

    @Test
    void aMessageOfAnotherCallOrTypeIsAnError() throws Exception {
        ServerSocket mine = RingAllReduce.listen(LOOPBACK);
        ServerSocket theirs = RingAllReduce.listen(LOOPBACK);
        InetSocketAddress zero = new InetSocketAddress(LOOPBACK, mine.getLocalPort());
        InetSocketAddress one = new InetSocketAddress(LOOPBACK, theirs.getLocalPort());
        Future<?> peer = fakeRankOne(theirs, zero, (out, fromZero) -> {
            new DataInputStream(fromZero.getInputStream()).readFully(new byte[RingAllReduce.HEADER_BYTES + 8]);
            out.write(header(5, RingAllReduce.FLOAT, 2)); // call 5 where rank 0 is at call 0
            out.write(new byte[8]);
            out.flush();
        });
        try (RingAllReduce ring = RingAllReduce.connect(0, List.of(zero, one), mine, TIMEOUT)) {
            assertThatThrownBy(() -> ring.sumInPlace(new float[2]))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("rank 1 (" + one + ") is at call 5 of the ring, rank 0 at call 0");
        }
        peer.get(30, TimeUnit.SECONDS);
        theirs.close();
    }
}
