package org.gan4j.listeners;

/**
 * Listeners that keep a run's state (open files, a drawing thread, the points collected so far) serve one run: a
 * second start is an error that says so, instead of mixing two runs' outputs.
 */
final class OneRun {

    private boolean started;

    /** Marks the run as started; throws if it already was. */
    void start(Object listener) {
        if (started) {
            throw new IllegalStateException("this " + listener.getClass().getSimpleName() + " already served a run: "
                    + "create a new one for each run (a resumed run included)");
        }
        started = true;
    }
}
