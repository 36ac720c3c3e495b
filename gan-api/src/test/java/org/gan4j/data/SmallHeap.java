package org.gan4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.gan4j.testing.ChildJvm;

/**
 * Runs a reader on a hostile file in a fresh JVM with a small heap, so a reader that allocates from a declared size
 * dies there with an {@link OutOfMemoryError} (exit status 1) instead of passing in the test JVM's 2 GB heap.
 *
 * <p>The child is {@link #main}: exit 0 and {@code loaded: <dataset>} when the file loads, exit 2 and
 * {@code refused: <exception class>: <message>} for an {@link IOException} or an {@link IllegalArgumentException},
 * anything else (an {@code OutOfMemoryError} above all) escapes with the JVM's own stack trace and status 1.
 */
final class SmallHeap {

    private SmallHeap() {
    }

    /**
     * Runs {@link #main} in a child JVM with {@code -Xmx<heap>} and the given arguments.
     *
     * @param heap     e.g. {@code "64m"}
     * @param jvmFlags extra flags before the class name, e.g. {@code -Dgan4j.maxImagePixels=10}
     * @param args     {@code idx <file> <rank>}, {@code idx-stream <file> <rank>} (read as a stream of unknown
     *                 length) or {@code folder <dir> <height> <width> <channels> <fail|skip>}
     */
    static ChildJvm.Result run(String heap, List<String> jvmFlags, String... args)
            throws IOException, InterruptedException {
        return ChildJvm.run(heap, jvmFlags, SmallHeap.class, args);
    }

    /**
     * The child's entry point.
     *
     * @param args see {@link #run}
     */
    public static void main(String[] args) throws IOException {
        try {
            Object loaded = switch (args[0]) {
                case "idx" -> IdxFile.read(Path.of(args[1]), Integer.parseInt(args[2])).dims().length + " dimensions";
                case "idx-stream" -> {
                    try (java.io.InputStream in = java.nio.file.Files.newInputStream(Path.of(args[1]))) {
                        yield IdxFile.read(args[1], in, Integer.parseInt(args[2])).dims().length + " dimensions";
                    }
                }
                case "folder" -> ImageFolder.load(Path.of(args[1]), Integer.parseInt(args[2]),
                        Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                        args[5].equals("skip") ? ImageFolder.OnBadFile.SKIP : ImageFolder.OnBadFile.FAIL, System.out);
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            };
            System.out.println("loaded: " + loaded);
        } catch (IOException | IllegalArgumentException e) {
            System.out.println("refused: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(2);
        }
    }
}
