package org.gan4j.examples;

import java.util.Locale;
import java.util.Map;
import org.gan4j.MemoryEstimate;
import picocli.CommandLine;

/**
 * The one line the program prints when memory runs out: which memory (the Java heap, or native memory where ND4J keeps
 * its arrays), which options of the command that ran to lower, and how to raise the limit. Most absurd sizes are
 * refused before anything is allocated ({@link MemoryEstimate}); this covers what the estimate lets through.
 */
final class MemoryAdvice {

    /** The options that set how much memory each command needs. */
    private static final Map<String, String> OPTIONS = Map.of(
            "train", "--batch-size, --z-dim or --image-size, or pick a smaller --recipe",
            "bench", "--batch, or pick a smaller --recipe",
            "sample", "--count");

    /** How to run the JVM with more memory: the launcher passes GAN4J_JAVA_OPTS on to java (see ./gan4j). */
    static final String RAISE = "GAN4J_JAVA_OPTS=-Xmx4g ./gan4j ... (or java -Xmx4g -jar ...); docs/user-guide.md "
            + "has the limits";

    private MemoryAdvice() {
    }

    /** {@return "lower OPTIONS, or raise the limit: ..." for the command that ran} */
    static String lowerAndRaise(CommandLine command) {
        return lower(command) + ", or raise the limit: " + RAISE;
    }

    /** {@return the advice for a refusal before allocation: raising a limit helps unless Java's array limit is hit} */
    static String advice(org.gan4j.InsufficientMemoryException refused, CommandLine command) {
        return refused.estimate() != null && refused.estimate().exceedsArrayLimit() ? lower(command)
                : lowerAndRaise(command);
    }

    private static String lower(CommandLine command) {
        return "lower " + OPTIONS.getOrDefault(command.getCommandName(), "the sizes asked for");
    }

    /**
     * What ran out, if {@code failure} (or one of its causes) is a memory failure: an {@link OutOfMemoryError} (Java
     * heap, JavaCPP's physical-memory limit, direct buffers), or ND4J's native allocation failure (a
     * {@code RuntimeException("Allocation failed: [std::bad_alloc]")} from its native code).
     *
     * @return the line to print (without "gan4j: error: "), or null if this is not a memory failure
     */
    static String describe(Throwable failure, CommandLine command) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String what = kind(t);
            if (what != null) {
                return what + " while running '" + command.getCommandName() + "'; " + lowerAndRaise(command);
            }
        }
        return null;
    }

    /** Which memory {@code t} says ran out, or null. */
    private static String kind(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        if (t instanceof OutOfMemoryError) {
            if (lower.contains("java heap space") || lower.contains("gc overhead")) {
                return "out of Java heap (the limit, -Xmx, is " + mb(MemoryEstimate.heapLimit()) + ")";
            }
            if (lower.contains("requested array size")) {
                return "out of memory: an array larger than Java allows was asked for (" + message + ")";
            }
            if (lower.contains("physical memory") || lower.contains("cannot allocate")
                    || lower.contains("direct buffer")) {
                return "out of native memory (" + firstLine(message) + "; the limit is "
                        + mb(MemoryEstimate.processLimit()) + ", see " + MemoryEstimate.MAX_PHYSICAL_BYTES_PROPERTY
                        + ")";
            }
            return "out of memory (" + (message.isEmpty() ? t.getClass().getSimpleName() : firstLine(message)) + ")";
        }
        if (t instanceof RuntimeException
                && (lower.contains("std::bad_alloc") || lower.startsWith("allocation failed"))) {
            return "out of native memory: ND4J could not allocate an array (" + firstLine(message) + ")";
        }
        return null;
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private static String mb(long bytes) {
        return bytes == Long.MAX_VALUE ? "unknown" : bytes / (1024 * 1024) + " MB";
    }
}
