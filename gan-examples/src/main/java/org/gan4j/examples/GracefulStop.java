package org.gan4j.examples;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C and SIGTERM during training: a shutdown hook asks the trainer to stop (it checks after every step), then
 * waits until the trainer has written its final checkpoint and the run's files, so that the JVM exits cleanly with
 * nothing half-written.
 */
final class GracefulStop {

    /** How long the hook waits for the current step and the checkpoint. */
    private static final long WAIT_SECONDS = 60;

    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private GracefulStop(PrintWriter out) {
        this.hook = new Thread(() -> {
            requested.set(true);
            out.println("Stopping: finishing the step and writing a checkpoint...");
            out.flush();
            try {
                finished.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gan4j-graceful-stop");
    }

    static GracefulStop install(PrintWriter out) {
        GracefulStop stop = new GracefulStop(out);
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    boolean requested() {
        return requested.get();
    }

    /** Training and its files are done: release the hook (or remove it, if the JVM is not shutting down). */
    void finished() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running and now returns
        }
    }
}
