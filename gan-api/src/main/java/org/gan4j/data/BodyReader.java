package org.gan4j.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads an HTTP response body with a stall timeout. The JDK's HTTP client times out only until the response headers
 * arrive, and its {@code InputStream} body blocks for good when a mirror stops sending half-way (neither an interrupt
 * nor closing it from another thread wakes the reader). Subscribing to the body's publisher instead, chunk by chunk,
 * lets the reader wait for each chunk with a timeout and cancel the exchange when none comes.
 */
final class BodyReader implements Flow.Subscriber<List<ByteBuffer>>, AutoCloseable {

    /** Thrown when no bytes arrived within the stall timeout. */
    static final class StalledException extends IOException {
        private static final long serialVersionUID = 1L;

        StalledException(String message) {
            super(message);
        }
    }

    private static final Object END = new Object();

    private final BlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
    private final Duration stallTimeout;
    private volatile Flow.Subscription subscription;
    private Iterator<ByteBuffer> pending = Collections.emptyIterator();
    private ByteBuffer current;
    private boolean ended;

    BodyReader(Duration stallTimeout) {
        this.stallTimeout = stallTimeout;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1); // one chunk at a time: the reader asks for the next when it takes one
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        chunks.add(item);
    }

    @Override
    public void onError(Throwable error) {
        chunks.add(error);
    }

    @Override
    public void onComplete() {
        chunks.add(END);
    }

    /**
     * Reads up to {@code buffer.length} bytes.
     *
     * @return the number read, or -1 at the end of the body
     * @throws StalledException if nothing arrived for the stall timeout
     * @throws IOException      if the connection failed
     */
    int read(byte[] buffer) throws IOException, InterruptedException {
        while (current == null || !current.hasRemaining()) {
            if (pending.hasNext()) {
                current = pending.next();
                continue;
            }
            if (ended) {
                return -1;
            }
            Object next = chunks.poll(stallTimeout.toNanos(), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new StalledException("no data for " + stallTimeout.toSeconds() + " s");
            }
            if (next == END) {
                ended = true;
            } else if (next instanceof Throwable t) {
                throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
            } else {
                @SuppressWarnings("unchecked")
                List<ByteBuffer> list = (List<ByteBuffer>) next;
                pending = list.iterator();
                subscription.request(1);
            }
        }
        int n = Math.min(buffer.length, current.remaining());
        current.get(buffer, 0, n);
        return n;
    }

    /** Cancels the exchange if the body was not read to its end (a stalled or failed download). */
    @Override
    public void close() {
        Flow.Subscription s = subscription;
        if (s != null && !ended) {
            s.cancel();
        }
    }
}
