package org.gan4j.nd4j;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives background work the lowest scheduling priority, so that it runs on a core nothing else wants and yields it
 * to training, the JIT compiler and the other listeners whenever they need it.
 *
 * <p>Why: periodic evaluation runs on a thread of its own, on the core training leaves idle. On two cores it shares
 * that core with the JIT's compiler threads and the listeners' writers; at the same priority as training, a third
 * runnable thread takes turns on training's core too. Measured on a 2-core VM, the reference run with
 * {@code --eval-every 1565} (eight interleaved rounds): 4.6 % slower than without at the same priority, 2.7 % with
 * the evaluation thread at nice 19 (docs/evaluation.md).
 *
 * <p>How: on Linux a thread's nice value is its own, and {@code setpriority(PRIO_PROCESS, 0, 19)} sets the calling
 * thread's (see {@code man 2 setpriority}, NOTES), through JNA (which ND4J brings anyway). Raising a nice value
 * needs no privileges; lowering it back would, so the thread keeps it. Elsewhere, or if the call fails, nothing
 * changes and one debug line says why.
 */
final class BackgroundPriority {

    /** The nice value background threads take: the lowest priority there is. */
    static final int NICE = 19;

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundPriority.class);
    private static final int PRIO_PROCESS = 0;

    /** The one libc function this needs. */
    private interface C extends Library {
        int setpriority(int which, int who, int prio);
    }

    private BackgroundPriority() {
    }

    /**
     * Lowers the calling thread's scheduling priority to nice {@value #NICE} (Linux only).
     *
     * @return whether it took effect
     */
    static boolean lowerCurrentThread() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            LOG.debug("gan4j: background threads keep their priority: not Linux, where nice values are per thread");
            return false;
        }
        try {
            C c = (C) Native.loadLibrary("c", C.class);
            if (c.setpriority(PRIO_PROCESS, 0, NICE) != 0) {
                LOG.debug("gan4j: setpriority failed (errno {}); {} keeps its priority", Native.getLastError(),
                        Thread.currentThread().getName());
                return false;
            }
            return true;
        } catch (LinkageError | RuntimeException e) { // JNA absent or unable to load its native part
            LOG.debug("gan4j: {} keeps its priority: {}", Thread.currentThread().getName(), e.toString());
            return false;
        }
    }

    /**
     * A thread that lowers its own priority before it runs {@code work}.
     *
     * @param work what the thread runs
     * @param name the thread's name
     * @return a daemon thread, not started
     */
    static Thread newThread(Runnable work, String name) {
        Thread t = new Thread(() -> {
            lowerCurrentThread();
            work.run();
        }, name);
        t.setDaemon(true);
        return t;
    }
}
