package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.gan4j.SeededRandom;
import org.gan4j.io.Checkpoints;
import org.gan4j.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the command line as a child process and kills it (SIGKILL) at random moments, 20 times, each time
 * resuming: every resume must start from a complete checkpoint, and the final generator must be byte-identical to
 * that of a run that was never interrupted.
 */
class CrashResumeTest {

    private static final int KILLS = 20;
    private static final String STEPS = "3000";

    @TempDir
    Path tmp;

    private static Process start(Path log, String... args) throws IOException {
        return ChildJvm.start(log, List.of(), Gan4jCli.class, args);
    }

    private static byte[] generatorParameters(Path generatorZip) throws IOException {
        try (InputStream in = Files.newInputStream(generatorZip); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals("parameters.bin")) {
                    return zip.readAllBytes();
                }
            }
        }
        throw new AssertionError("no parameters in " + generatorZip);
    }

    @Test
    void killedTwentyTimesAndResumedEndsBitIdenticalToAnUninterruptedRun() throws Exception {
        Path straight = tmp.resolve("straight");
        CliTest.Run s = CliTest.run("train", "--steps", STEPS, "--checkpoint-every", "10", "--run-dir",
                straight.toString());
        assertThat(s.status()).as(s.err()).isZero();

        Path run = tmp.resolve("killed");
        Path checkpoints = run.resolve("checkpoints");
        SeededRandom random = new SeededRandom(99);
        int kills = 0;
        long lastStep = -1;
        for (int attempt = 0; kills < KILLS && attempt < KILLS + 5; attempt++) {
            Path log = tmp.resolve("child-" + attempt + ".log");
            Process p = lastStep < 0
                    ? start(log, "train", "--steps", STEPS, "--checkpoint-every", "10", "--run-dir", run.toString())
                    : start(log, "train", "--resume", run.toString());
            // Wait for training to be under way (a new checkpoint), then kill at a random moment.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            final long before = lastStep;
            while (p.isAlive() && System.nanoTime() < deadline
                    && Checkpoints.list(checkpoints).stream().mapToLong(Checkpoints::step).max().orElse(-1) <= before) {
                Thread.sleep(5);
            }
            Thread.sleep(random.nextInt(400));
            if (!p.isAlive()) {
                assertThat(p.exitValue()).as("child %s ended by itself:%n%s", attempt,
                        Files.readString(log, StandardCharsets.UTF_8)).isZero();
                break; // finished before we could kill it
            }
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            kills++;
            lastStep = Checkpoints.list(checkpoints).stream().mapToLong(Checkpoints::step).max().orElse(-1);
            assertThat(lastStep).as("a checkpoint survives kill %s", kills).isPositive();
        }
        assertThat(kills).isEqualTo(KILLS);

        CliTest.Run finish = CliTest.run("train", "--resume", run.toString());
        assertThat(finish.status()).as(finish.err()).isZero();
        assertThat(finish.out()).contains("Done: 3000 steps (").contains(" after resuming) in ");
        assertThat(generatorParameters(run.resolve("generator.zip")))
                .as("generator after %s kills and resumes, byte for byte", KILLS)
                .isEqualTo(generatorParameters(straight.resolve("generator.zip")));
        List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
        assertThat(metrics).hasSize(3001);
        assertThat(metrics).isEqualTo(Files.readAllLines(straight.resolve("metrics.csv")));
    }
}
