package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gan4j.io.IdxWriter;
import org.gan4j.listeners.MetricsCsvListener;
import org.gan4j.listeners.RunLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the command line writes survives a full disk: the previous file is kept, nothing half-written or temporary is
 * left, and the one-line error names the file. The disk is made "full" for a child process with {@code ulimit -f}
 * (writes beyond the limit fail with EFBIG, "File too large", as they would with ENOSPC), which works without root
 * and as root alike, where a read-only directory would stop nothing.
 */
class OutputFailureTest {

    @TempDir
    static Path shared;

    private static Path run;

    @TempDir
    Path tmp;

    @BeforeAll
    static void train() {
        run = shared.resolve("run");
        CliTest.Run t = CliTest.run("train", "--steps", "20", "--run-dir", run.toString());
        assertThat(t.status()).as(t.err()).isZero();
    }

    /** The command line in a child process whose files cannot grow beyond {@code kilobytes}. */
    private static Child startWithFileSizeLimit(int kilobytes, Path log, String... args) throws Exception {
        // ulimit -f counts 512-byte blocks in POSIX sh (1024 in bash): the limit is at most twice what is asked
        StringBuilder command = new StringBuilder("ulimit -f " + kilobytes * 2 + " && exec '"
                + Path.of(System.getProperty("java.home"), "bin", "java") + "' -XX:-UsePerfData -XX:+UseSerialGC -cp '"
                + System.getProperty("java.class.path") + "' " + Gan4jCli.class.getName());
        for (String a : args) {
            command.append(" '").append(a).append('\'');
        }
        Process p = new ProcessBuilder("/bin/sh", "-c", command.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the child finished").isTrue();
        return new Child(p.exitValue(), Files.readAllLines(log, StandardCharsets.UTF_8));
    }

    record Child(int status, List<String> lines) {
        List<String> errors() {
            return lines.stream().filter(l -> l.startsWith("gan4j: error:")).toList();
        }
    }

    private static String[] names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void sampleOverwriteOnAFullDiskKeepsTheGoodFile() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell for ulimit");
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path idx = out.resolve("samples.idx");
        CliTest.Run good = CliTest.run("sample", "--run-dir", run.toString(), "--count", "100", "--out",
                idx.toString());
        assertThat(good.status()).as(good.err()).isZero();
        byte[] before = Files.readAllBytes(idx);

        // 10,000 images are 7.8 MB; the "disk" takes 256 KB
        Child full = startWithFileSizeLimit(256, tmp.resolve("child.log"), "sample", "--run-dir", run.toString(),
                "--count", "10000", "--out", idx.toString(), "--overwrite");
        assertThat(full.status()).as(String.join("\n", full.lines())).isEqualTo(1);
        assertThat(full.errors()).as(String.join("\n", full.lines())).singleElement().asString()
                .startsWith("gan4j: error: " + idx + ": ");
        assertThat(full.lines()).as("no stack trace").noneMatch(l -> l.startsWith("\tat "));
        assertThat(idx).as("the good file is intact").hasBinaryContent(before);
        assertThat(names(out)).as("no temporary file left").containsExactly("samples.idx");

        // a new file on a full disk: none at all, rather than a header claiming 10,000 images
        Path fresh = out.resolve("fresh.idx");
        Child none = startWithFileSizeLimit(256, tmp.resolve("child2.log"), "sample", "--run-dir", run.toString(),
                "--count", "10000", "--out", fresh.toString());
        assertThat(none.status()).isEqualTo(1);
        assertThat(none.errors()).singleElement().asString().startsWith("gan4j: error: " + fresh + ": ");
        assertThat(names(out)).containsExactly("samples.idx");
    }

    @Test
    void sampleRefusesADirectoryAsItsOutput() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("dir.idx"));
        CliTest.Run r = CliTest.run("sample", "--run-dir", run.toString(), "--count", "3", "--out", dir.toString(),
                "--overwrite");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.errLines()).containsExactly("gan4j: error: --out " + dir + " is a directory; give a file name");
        assertThat(names(dir)).isEmpty();
    }

    @Test
    void idxSizesMustBePositive() {
        // -1 x -1 has the right product: without the check the header would claim 0xffffffff rows and columns
        Path bad = tmp.resolve("bad.idx");
        assertThatThrownBy(() -> IdxWriter.writeImages(bad, Nd4j.createFromArray(new float[][] {{0}}), -1, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1x-1");
        assertThat(bad).doesNotExist();
    }

    @Test
    void aResumedRunWhoseMetricsLogIsNotTextSaysSoInOneLine() throws IOException {
        Path copy = tmp.resolve("copy");
        CliTest.Run t = CliTest.run("train", "--steps", "20", "--run-dir", copy.toString());
        assertThat(t.status()).as(t.err()).isZero();
        Path metrics = copy.resolve(RunLog.METRICS_FILE);
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, 's', 't', 'e', 'p', '\n', (byte) 0xc3, '(', '\n'};
        Files.write(metrics, garbage);
        CliTest.Run r = CliTest.run("train", "--resume", copy.toString(), "--steps", "40");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("gan4j: error: " + metrics + ": not a gan4j metrics log (it is not UTF-8 text")
                .contains(MetricsCsvListener.HEADER);
        assertThat(metrics).as("the user's file is left alone").hasBinaryContent(garbage);

        Files.writeString(metrics, "a,b\n1,2\n");
        CliTest.Run header = CliTest.run("train", "--resume", copy.toString(), "--steps", "40");
        assertThat(header.errLines()).singleElement().asString()
                .startsWith("gan4j: error: " + metrics + ": not a gan4j metrics log (its first line is not the header");
        assertThat(metrics).hasContent("a,b\n1,2");
    }
}
