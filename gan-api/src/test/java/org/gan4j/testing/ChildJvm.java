package org.gan4j.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a class's {@code main} in a fresh JVM with a small heap and this JVM's class path, so that code which
 * allocates from a declared size dies there with an {@link OutOfMemoryError} instead of passing in the test JVM's
 * large heap. Shared by every test that bounds a reader's memory.
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
     * Runs {@code main} with {@code -Xmx<heap>}, the serial collector (no extra GC threads on a shared machine) and a
     * headless AWT.
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
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC", "-Djava.awt.headless=true", "-cp",
                System.getProperty("java.class.path")));
        command.addAll(jvmFlags);
        command.add(main.getName());
        command.addAll(List.of(args));
        // Output goes to a file, not a pipe: reading a pipe to its end would wait for a hung child past the timeout.
        Path log = Files.createTempFile("child-jvm", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("child JVM did not end in " + TIMEOUT_SECONDS + " s: " + command + "\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
