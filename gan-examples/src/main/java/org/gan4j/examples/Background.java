package org.gan4j.examples;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One background thread for a listener's slow output (drawing a plot, encoding a PNG), so that the training thread
 * only hands over a snapshot. At most one job is queued: a newer snapshot replaces one that has not started, since
 * only the latest picture matters. A job's failure surfaces at the next submit or at {@link #finish()}.
 */
final class Background implements AutoCloseable {

    private final ExecutorService executor;
    private Future<?> last;

    Background(String name) {
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code job} after the current one; a queued job that has not started yet is dropped for it. */
    synchronized void submit(Job job) {
        if (last != null) {
            if (last.isDone()) {
                rethrow(last);
            } else {
                last.cancel(false); // not yet started: superseded; already running: finishes normally
            }
        }
        last = executor.submit(() -> {
            job.run();
            return null;
        });
    }

    /** Waits for the last job and reports its failure. */
    synchronized void finish() {
        if (last != null && !last.isCancelled()) {
            rethrow(last);
        }
        last = null;
    }

    @Override
    public void close() {
        executor.shutdown();
    }

    private static void rethrow(Future<?> f) {
        try {
            if (!f.isCancelled()) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    /** Work that may throw. */
    @FunctionalInterface
    interface Job {
        void run() throws Exception;
    }
}
