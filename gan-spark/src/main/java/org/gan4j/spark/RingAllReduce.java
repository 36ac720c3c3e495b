package org.gan4j.spark;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;

/**
 * A sum over P processes of an array each of them holds, over TCP: the per-step collective of data-parallel
 * training. Rank {@code r} keeps one connection to rank {@code r + 1} (it sends there) and one from rank
 * {@code r - 1} (it receives from there), indices modulo P.
 *
 * <p><b>Summation order.</b> Element {@code i} of the result is, on every rank and in the array's own precision,
 * {@code ((v0[i] + v1[i]) + v2[i]) + ... + v(P-1)[i]}, where {@code vk} is rank k's array: rank 0 sends its values to
 * rank 1, which adds its own and passes the partial sums on, up to rank P - 1, which then holds the sum and sends it
 * round the ring ({@code P-1 -> 0 -> 1 -> ... -> P-2}). Every rank therefore ends with the same bits, the bits of a
 * single process adding the P arrays in rank order. With P = 2 the result is {@code v0 + v1}, which is the same bits
 * as {@code v1 + v0} (IEEE addition is commutative), so two workers agree with a reference that adds in either order.
 *
 * <p><b>Pipelined.</b> The array travels in chunks of 64 to 256 KiB, a size chosen from the array's and the ring's
 * (smaller on more ranks, the same on every rank), the last chunk shorter: rank r adds and passes on chunk c while
 * chunk c + 1 is on its way to it, first along {@code 0 -> ... -> P-1} (the sums), then round the ring from P-1 (the
 * result). The order of addition of every element is the one above, chunk or no chunk, so the bits are those of
 * sending the whole array at once; what changes is the time: instead of 2(P - 1) messages of the whole array one
 * after the other, 2(P - 1) hops of one chunk plus twice the array's transfer time and a few microseconds per chunk
 * (docs/distributed.md, "Speed and a cost model"). Measured so far on one machine only: faster than whole arrays with
 * 2 ranks, slower with 3 ranks sharing 2 cores (a pipeline keeps every rank busy at once). Every message carries the
 * array's whole length, so ranks that sum arrays of different lengths fail at the first chunk.
 *
 * <p><b>Failures are errors, never hangs.</b> Connecting retries until the timeout; every read waits at most the
 * timeout. A peer that does not connect, stops answering, closes its connection, sends fewer bytes than its header
 * announced, or sends a message whose magic number, call number, element type or length differs from this rank's
 * throws an {@link IOException} naming the peer's rank and address. After any failure the ring closes its
 * connections (so that its peers fail at once instead of waiting for their timeout) and refuses further calls.
 *
 * <p>Every rank must make the same sequence of calls with arrays of the same type and length; each message carries
 * the call's number, so a rank that skipped or repeated a call is caught at the next message. Not thread-safe: one
 * thread per rank.
 */
public final class RingAllReduce implements Closeable {

    /** The first four bytes of every message: "G4JR". */
    static final int MAGIC = 0x47344A52;
    /** The first message on a connection: magic, the sender's rank, the world size. */
    static final int HELLO_BYTES = 12;
    /** A data message's header: magic, call number (long), element type (int: 4 float, 8 double), length (int). */
    static final int HEADER_BYTES = 20;
    static final int FLOAT = 4;
    static final int DOUBLE = 8;
    private static final long RETRY_MILLIS = 20;
    /** The largest chunk a sum travels in: 256 KiB, 64 Ki floats. */
    static final int MAX_CHUNK_BYTES = 256 * 1024;
    /**
     * The smallest chunk (but for an array's last): 64 KiB. Smaller chunks lost on loopback with 2 ranks (a chunk whose
     * reader is waiting costs its wake-up, ~20 microseconds), and arrays up to this size travel whole.
     */
    static final int MIN_CHUNK_BYTES = 64 * 1024;
    /**
     * What one more chunk may cost: 20 microseconds, a waiting reader's wake-up, the upper end of what loopback showed
     * (3 to 7 in a 16 MB stream, more with 1 to 4 MB arrays, where 256 KiB chunks beat smaller ones on 2 ranks).
     */
    private static final double NANOS_PER_CHUNK = 20_000;
    /** A round time per byte and hop (serialising, the wire, the add): ~1 ns (docs/distributed.md). */
    private static final double NANOS_PER_BYTE = 1.0;

    private final int rank;
    private final int worldSize;
    private final List<InetSocketAddress> peers;
    private final int timeoutMillis;
    private final Socket toNext;
    private final Socket fromPrevious;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] header = new byte[HEADER_BYTES];
    private byte[] payload = new byte[0];
    private long calls;
    private boolean broken;
    private int chunkBytes; // 0: chunkBytesFor each array

    private RingAllReduce(int rank, List<InetSocketAddress> peers, int timeoutMillis, Socket toNext,
            Socket fromPrevious) throws IOException {
        this.rank = rank;
        this.worldSize = peers.size();
        this.peers = List.copyOf(peers);
        this.timeoutMillis = timeoutMillis;
        this.toNext = toNext;
        this.fromPrevious = fromPrevious;
        this.out = toNext == null ? null : toNext.getOutputStream();
        this.in = fromPrevious == null ? null : fromPrevious.getInputStream();
    }

    /**
     * A listening socket on an ephemeral port of {@code host}, chosen by the operating system: bind it first, publish
     * its address to the other ranks, then {@link #connect}.
     *
     * @param host the address to listen on (the one the other ranks reach this process at)
     * @return the bound socket; {@link ServerSocket#getLocalPort()} is its port
     * @throws IOException if the socket cannot be bound
     */
    public static ServerSocket listen(InetAddress host) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(host, 0), 4);
        return server;
    }

    /**
     * Joins the ring: connects to rank {@code rank + 1} (retrying while it refuses, until the timeout) and accepts
     * the connection of rank {@code rank - 1} on {@code server}; each side checks the other's rank and world size.
     * With one rank nothing is connected and every sum leaves its array as it is.
     *
     * @param rank    this process's rank, in {@code [0, peers.size())}
     * @param peers   every rank's listening address, by rank ({@code peers.get(rank)} is {@code server}'s)
     * @param server  this rank's listening socket, from {@link #listen}; closed by {@link #close()}
     * @param timeout how long connecting may take, and how long any read may wait
     * @return the connected ring
     * @throws IOException              if a peer cannot be reached or does not connect in time, or says it is
     *                                  another rank or in another ring
     * @throws IllegalArgumentException if the rank or timeout is out of range
     */
    public static RingAllReduce connect(int rank, List<InetSocketAddress> peers, ServerSocket server,
            Duration timeout) throws IOException {
        int p = peers.size();
        if (p < 1 || rank < 0 || rank >= p) {
            throw new IllegalArgumentException("rank must be in [0, " + p + "), got " + rank);
        }
        long millis = timeout.toMillis();
        if (millis < 1 || millis > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timeout must be between 1 ms and 24 days, got " + timeout);
        }
        if (p == 1) {
            server.close();
            return new RingAllReduce(rank, peers, (int) millis, null, null);
        }
        long deadline = System.nanoTime() + millis * 1_000_000;
        int next = (rank + 1) % p;
        int previous = (rank + p - 1) % p;
        Socket toNext = null;
        Socket fromPrevious = null;
        try {
            toNext = connectWithRetries(peers.get(next), next, deadline, millis);
            toNext.setTcpNoDelay(true);
            toNext.setSoTimeout((int) millis);
            byte[] hello = ByteBuffer.allocate(HELLO_BYTES).putInt(MAGIC).putInt(rank).putInt(p).array();
            toNext.getOutputStream().write(hello);
            toNext.getOutputStream().flush();

            int left = remainingMillis(deadline);
            if (left <= 0) {
                throw new SocketTimeoutException();
            }
            server.setSoTimeout(left);
            try {
                fromPrevious = server.accept();
            } catch (SocketTimeoutException e) {
                throw new IOException("rank " + previous + " (" + peers.get(previous) + ") did not connect to rank "
                        + rank + " within " + millis + " ms", e);
            }
            fromPrevious.setTcpNoDelay(true);
            fromPrevious.setSoTimeout((int) millis);
            ByteBuffer h = ByteBuffer.wrap(readFully(fromPrevious.getInputStream(), new byte[HELLO_BYTES],
                    HELLO_BYTES, previous, peers.get(previous), rank, "its greeting"));
            int magic = h.getInt();
            int sender = h.getInt();
            int world = h.getInt();
            if (magic != MAGIC || sender != previous || world != p) {
                throw new IOException("rank " + rank + " expected rank " + previous + " (" + peers.get(previous)
                        + ") of a ring of " + p + ", but " + fromPrevious.getRemoteSocketAddress() + " connected "
                        + (magic != MAGIC ? "with a wrong magic number" : "as rank " + sender + " of " + world));
            }
            server.close();
            return new RingAllReduce(rank, peers, (int) millis, toNext, fromPrevious);
        } catch (IOException | RuntimeException e) {
            closeQuietly(toNext);
            closeQuietly(fromPrevious);
            closeQuietly(server);
            throw e;
        }
    }

    private static Socket connectWithRetries(InetSocketAddress address, int peer, long deadline, long millis)
            throws IOException {
        IOException last = null;
        while (true) {
            int left = remainingMillis(deadline);
            if (left <= 0) {
                throw new IOException("rank " + peer + " (" + address + ") could not be reached within " + millis
                        + " ms", last);
            }
            Socket s = new Socket();
            try {
                s.connect(address, left);
                return s;
            } catch (ConnectException | SocketTimeoutException e) {
                closeQuietly(s);
                last = e;
            }
            try {
                Thread.sleep(Math.min(RETRY_MILLIS, Math.max(1, remainingMillis(deadline))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while connecting to rank " + peer + " (" + address + ")", e);
            }
        }
    }

    private static int remainingMillis(long deadline) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
    }

    /** {@return this process's rank} */
    public int rank() {
        return rank;
    }

    /** {@return the number of ranks} */
    public int worldSize() {
        return worldSize;
    }

    /**
     * Replaces {@code values} with the sum of every rank's array, in the order of the class comment.
     *
     * @param values this rank's values; the same length on every rank
     * @throws IOException           if a peer fails, times out or sends something else than this rank expects; the
     *                               ring is closed
     * @throws IllegalStateException if the ring failed or was closed before
     */
    public void sumInPlace(float[] values) throws IOException {
        sum(values, null, values.length, FLOAT);
    }

    /**
     * Replaces {@code values} with the sum of every rank's array, in the order of the class comment.
     *
     * @param values this rank's values; the same length on every rank
     * @throws IOException           if a peer fails, times out or sends something else than this rank expects; the
     *                               ring is closed
     * @throws IllegalStateException if the ring failed or was closed before
     */
    public void sumInPlace(double[] values) throws IOException {
        sum(null, values, values.length, DOUBLE);
    }

    private void sum(float[] f, double[] d, int length, int type) throws IOException {
        if (broken) {
            throw new IllegalStateException("rank " + rank + "'s ring failed or was closed before");
        }
        long call = calls++;
        if (worldSize == 1) {
            return;
        }
        try {
            int last = worldSize - 1;
            int chunk = Math.max(1, (chunkBytes > 0 ? chunkBytes : chunkBytesFor((long) length * type, worldSize))
                    / type);
            // reduce along 0 -> 1 -> ... -> P-1, chunk after chunk: each rank adds its values to the partial sums it
            // received and passes them on, so chunk c travels on while chunk c + 1 arrives (an empty array is one
            // empty chunk, so that its header is still checked)
            int from = 0;
            do {
                int n = Math.min(chunk, length - from);
                if (rank > 0) {
                    receive(call, type, length, n);
                    ByteBuffer p = ByteBuffer.wrap(payload, 0, n * type).order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < n; i++) {
                        if (type == FLOAT) {
                            f[from + i] = p.getFloat(i * 4) + f[from + i];
                        } else {
                            d[from + i] = p.getDouble(i * 8) + d[from + i];
                        }
                    }
                }
                if (rank < last) {
                    send(call, type, f, d, length, from, n); // partial sums (rank P-2's are the last partial)
                }
                from += n;
            } while (from < length);
            // broadcast P-1 -> 0 -> 1 -> ... -> P-2, chunk after chunk. Rank P-1 starts only when it holds every
            // chunk's sum, by then rank 0 has sent all its chunks: no rank waits on a send while its sender waits
            from = 0;
            do {
                int n = Math.min(chunk, length - from);
                if (rank == last) {
                    send(call, type, f, d, length, from, n);
                } else {
                    receive(call, type, length, n);
                    ByteBuffer p = ByteBuffer.wrap(payload, 0, n * type).order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < n; i++) {
                        if (type == FLOAT) {
                            f[from + i] = p.getFloat(i * 4);
                        } else {
                            d[from + i] = p.getDouble(i * 8);
                        }
                    }
                    if (rank < last - 1) {
                        send(call, type, f, d, length, from, n);
                    }
                }
                from += n;
            } while (from < length);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Sends elements {@code [from, from + n)} of the {@code length} values, with the call's header. */
    private void send(long call, int type, float[] f, double[] d, int length, int from, int n) throws IOException {
        int bytes = n * type;
        byte[] message = buffer(HEADER_BYTES + bytes);
        ByteBuffer b = ByteBuffer.wrap(message, 0, HEADER_BYTES + bytes);
        b.putInt(MAGIC).putLong(call).putInt(type).putInt(length);
        b.order(ByteOrder.LITTLE_ENDIAN);
        for (int i = from; i < from + n; i++) {
            if (type == FLOAT) {
                b.putFloat(f[i]);
            } else {
                b.putDouble(d[i]);
            }
        }
        int next = (rank + 1) % worldSize;
        try {
            out.write(message, 0, HEADER_BYTES + bytes);
            out.flush();
        } catch (IOException e) {
            throw new IOException("rank " + rank + " could not send to rank " + next + " (" + peers.get(next) + "): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Reads one chunk of {@code n} values from the previous rank into {@link #payload} after checking its header (the
     * call's number, type and whole length).
     */
    private void receive(long call, int type, int length, int n) throws IOException {
        int previous = (rank + worldSize - 1) % worldSize;
        InetSocketAddress from = peers.get(previous);
        ByteBuffer h = ByteBuffer.wrap(readFully(in, header, HEADER_BYTES, previous, from, rank, "a header"));
        int magic = h.getInt();
        long theirCall = h.getLong();
        int theirType = h.getInt();
        int theirLength = h.getInt();
        String who = "rank " + previous + " (" + from + ")";
        if (magic != MAGIC) {
            throw new IOException(who + " sent rank " + rank + " a message without the ring's magic number");
        }
        if (theirCall != call) {
            throw new IOException(who + " is at call " + theirCall + " of the ring, rank " + rank + " at call " + call);
        }
        if (theirType != type || theirLength != length) {
            throw new IOException(who + " sent " + theirLength + " " + typeName(theirType) + " values, rank " + rank
                    + " sums " + length + " " + typeName(type) + " values");
        }
        readFully(in, buffer(n * type), n * type, previous, from, rank, "its " + n + " values");
    }

    /**
     * The chunk size for a sum of {@code bytes} over {@code worldSize} ranks: the one that balances the pipeline's
     * filling, {@code 2 (P - 1)} hops of a chunk, against the chunks' own cost in the stream, {@code 2 n / k} times
     * up to 20 us: {@code k = sqrt(n * 20 us / ((P - 1) * 1 ns))}, between {@value #MIN_CHUNK_BYTES} and
     * {@value #MAX_CHUNK_BYTES} bytes (for 16 MB: 256 KiB up to 5 ranks, 143 KiB on 16, 70 KiB on 64; for 1 MB:
     * 138 KiB on 2, 64 KiB from 6 on). A function of the array's size and the ring's, so every rank cuts the same
     * chunks.
     *
     * @param bytes     the array's size in bytes
     * @param worldSize the number of ranks
     * @return the chunk size in bytes
     */
    static int chunkBytesFor(long bytes, int worldSize) {
        if (worldSize < 2) {
            return MAX_CHUNK_BYTES;
        }
        double k = Math.sqrt(bytes * NANOS_PER_CHUNK / ((worldSize - 1) * NANOS_PER_BYTE));
        return (int) Math.max(MIN_CHUNK_BYTES, Math.min(MAX_CHUNK_BYTES, k));
    }

    /**
     * Sets the size of the chunks a sum travels in (bytes, at least one element) instead of {@link #chunkBytesFor}:
     * the same on every rank, before the first sum; {@link Integer#MAX_VALUE} sends every array whole, one message
     * per hop; 0 goes back to {@link #chunkBytesFor}.
     */
    void chunkBytes(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("chunk size must not be negative, got " + bytes);
        }
        this.chunkBytes = bytes;
    }

    private byte[] buffer(int bytes) {
        if (payload.length < bytes) {
            payload = new byte[bytes];
        }
        return payload;
    }

    private static String typeName(int type) {
        return type == FLOAT ? "float" : type == DOUBLE ? "double" : "type-" + type;
    }

    private static byte[] readFully(InputStream in, byte[] into, int count, int peer, InetSocketAddress address,
            int rank, String what) throws IOException {
        int read = 0;
        while (read < count) {
            int n;
            try {
                n = in.read(into, read, count - read);
            } catch (SocketTimeoutException e) {
                throw new IOException("rank " + peer + " (" + address + ") stopped answering: rank " + rank
                        + " waited longer than its timeout for " + what + " (" + read + " of " + count
                        + " bytes read)", e);
            } catch (IOException e) {
                throw new IOException("the connection from rank " + peer + " (" + address + ") to rank " + rank
                        + " failed while reading " + what + " (" + read + " of " + count + " bytes): "
                        + e.getMessage(), e);
            }
            if (n < 0) {
                throw new IOException("rank " + peer + " (" + address + ") closed its connection to rank " + rank
                        + " in the middle of " + what + ": " + read + " of " + count + " bytes read");
            }
            read += n;
        }
        return into;
    }

    /** Closes both connections; later calls throw {@link IllegalStateException}. */
    @Override
    public void close() {
        broken = true;
        closeQuietly(toNext);
        closeQuietly(fromPrevious);
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing after a failure: the failure is what is reported
            }
        }
    }
}
