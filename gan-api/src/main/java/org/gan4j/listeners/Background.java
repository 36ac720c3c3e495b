package org.gan4j.listeners;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One background thread for a listener's slow output (encoding a PNG, drawing a plot), so that the training thread
 * only takes a snapshot and hands it over. A job's failure surfaces on the training thread at the next submit or at
 * {@link #finish()}, so a listener that cannot write still stops training with the error.
 *
 * <p>Two ways to submit: {@link #submit} runs every job in order and makes the caller wait when {@value #QUEUED}
 * jobs are already queued (memory stays bounded if the disk is slower than the epochs); {@link #submitLatest} drops
 * a queued job that has not started for the new one (only the newest picture of a plot matters).
 */
final class Background implements AutoCloseable {

    static final int QUEUED = 2;
    static final int CLOSE_WAIT_SECONDS = 10;

    private final ThreadPoolExecutor executor;
    /** The first job's failure, rethrown on the training thread. */
    private volatile Throwable failure;
    private Future<?> last;

    Background(String name) {
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }, (job, pool) -> {
            try {
                pool.getQueue().put(job); // full: the training thread waits for the writer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RejectedExecutionException("interrupted while waiting to queue a job", e);
            }
        });
    }

    /** Runs {@code job} after the ones submitted before it. */
    synchronized void submit(Job job) {
        rethrowFailure();
        last = executor.submit(() -> {
            if (failure != null) {
                return; // the run is stopping with the first error: write nothing more
            }
            try {
                job.run();
            } catch (Throwable t) {
                failure = t;
            }
        });
    }

    /** Runs {@code job} after the current one; a queued job that has not started yet is dropped for it. */
    synchronized void submitLatest(Job job) {
        if (last != null) {
            last.cancel(false); // not yet started: superseded; already running or done: no effect
        }
        submit(job);
    }

    /** Waits for every job and reports the first failure. */
    synchronized void finish() {
        executor.shutdown();
        try {
            executor.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        rethrowFailure();
    }

    /** Lets queued jobs finish (a little while at most) without reporting their failures. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void rethrowFailure() {
        Throwable t = failure;
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t.getMessage(), t);
        }
    }

    /** Work that may throw. */
    @FunctionalInterface
    interface Job {
        void run() throws Exception;
    }
}
