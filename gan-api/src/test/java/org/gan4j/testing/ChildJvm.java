package org.gan4j.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a class's {@code main} in a fresh JVM with this JVM's class path: with a small heap ({@link #run}), so that code
 * which allocates from a declared size dies there with an {@link OutOfMemoryError} instead of passing in the test
 * JVM's large heap, or in the background ({@link #start}) for a test that kills it or races it.
 */
public final class ChildJvm {

    /** How long a child may run before it is killed and the test fails. */
    private static final long TIMEOUT_SECONDS = 120;

    /**
     * What the child printed (standard output and error together) and how it ended.
     *
     * @param status the child's exit status
     * @param output everything it printed, decoded as UTF-8
     */
    public record Result(int status, String output) {
    }

    private ChildJvm() {
    }

    /**
     * Starts {@code main} in a child JVM and returns at once, for a test that watches or kills the child.
     *
     * @param log      receives the child's standard output and error together
     * @param jvmFlags flags before the class name, e.g. {@code -Xmx64m}; the serial collector (no extra GC threads on
     *                 a shared machine) and a headless AWT are always set
     * @param main     the class whose {@code main} runs
     * @param args     its arguments
     * @return the running child
     */
    public static Process start(Path log, List<String> jvmFlags, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path")));
        command.addAll(jvmFlags);
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Runs {@code main} in a child JVM with {@code -Xmx<heap>} and waits for it.
     *
     * @param heap     the maximum heap, e.g. {@code "64m"}
     * @param jvmFlags extra flags before the class name, e.g. {@code -Dgan4j.maxImagePixels=10}
     * @param main     the class whose {@code main} runs
     * @param args     its arguments
     * @return the child's status and output
     * @throws AssertionError when the child does not end within two minutes (it is killed)
     */
    public static Result run(String heap, List<String> jvmFlags, Class<?> main, String... args)
            throws IOException, InterruptedException {
        List<String> flags = new ArrayList<>();
        flags.add("-Xmx" + heap);
        flags.addAll(jvmFlags);
        // Output goes to a file, not a pipe: reading a pipe to its end would wait for a hung child past the timeout.
        Path log = Files.createTempFile("child-jvm", ".log");
        try {
            Process p = start(log, flags, main, args);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("child JVM " + main.getName() + " did not end in " + TIMEOUT_SECONDS + " s\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
