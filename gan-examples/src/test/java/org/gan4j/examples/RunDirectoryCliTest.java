package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gan4j.SeededRandom;
import org.gan4j.io.Checkpoints;
import org.gan4j.io.RunDirectoryLock;
import org.gan4j.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code train} chooses, checks, locks and reuses a run directory: a second process is refused, nothing of the
 * user's is touched, empty paths are refused, a failed or killed start does not block the next, and a resume keeps
 * its own checkpoints only.
 */
class RunDirectoryCliTest {

    @TempDir
    Path tmp;

    private static final long PID = ProcessHandle.current().pid();

    /** The command line in a child JVM, its output (stdout and stderr) in {@code log}. */
    private static Process fork(Path log, String... args) throws IOException {
        return ChildJvm.start(log, List.of(), Gan4jCli.class, args);
    }

    /** Every file under {@code dir} with its bytes, to compare before and after. */
    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), java.util.HexFormat.of().formatHex(Files.readAllBytes(p)));
            }
        }
        return files;
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        SeededRandom r = new SeededRandom(seed);
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    private static List<Long> steps(Path runDir) {
        return Checkpoints.list(runDir.resolve(TrainCommand.CHECKPOINTS_DIR)).stream().map(Checkpoints::step).toList();
    }

    @Test
    void aDirectoryLockedByAnotherProcessIsRefusedNamingTheHolder() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("run"));
        try (RunDirectoryLock held = RunDirectoryLock.acquire(dir)) {
            // Another process: the OS lock refuses it.
            Path log = tmp.resolve("child.log");
            Process child = fork(log, "train", "--steps", "1", "--run-dir", dir.toString());
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.startsWith("[")).toList();
            assertThat(child.exitValue()).as(String.join("\n", lines)).isEqualTo(1);
            assertThat(lines).singleElement().asString()
                    .startsWith("gan4j: error: " + dir + ": in use by another gan4j process (pid=" + PID + " host=")
                    .contains(" started=20");
            // This process, in-process: refused the same way.
            CliTest.Run same = CliTest.run("train", "--steps", "1", "--run-dir", dir.toString());
            assertThat(same.status()).isEqualTo(1);
            assertThat(same.errLines()).singleElement().asString().contains(dir + ": in use by another gan4j process "
                    + "(pid=" + PID);
            try (Stream<Path> s = Files.list(dir)) {
                assertThat(s.map(p -> p.getFileName().toString()).toList())
                        .as("nothing written by the refused runs").containsExactly(RunDirectoryLock.FILE);
            }
        }
        CliTest.Run free = CliTest.run("train", "--steps", "1", "--run-dir", dir.toString());
        assertThat(free.status()).as(free.err()).isZero();
        assertThat(free.out()).doesNotContain("taking over");
    }

    @Test
    void aRunningTrainingRefusesAFreshRunAndAResumeAndItsKilledLockIsTakenOver() throws Exception {
        Path dir = tmp.resolve("run");
        Path log = tmp.resolve("child.log");
        Process child = fork(log, "train", "--steps", "100000", "--checkpoint-every", "20", "--run-dir", dir.toString());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (child.isAlive() && System.nanoTime() < deadline && steps(dir).isEmpty()) {
                Thread.sleep(20);
            }
            assertThat(steps(dir)).as("child under way: %s", Files.readString(log)).isNotEmpty();
            String holder = "pid=" + child.pid() + " host=";
            CliTest.Run fresh = CliTest.run("train", "--steps", "5", "--run-dir", dir.toString());
            assertThat(fresh.status()).isEqualTo(1);
            assertThat(fresh.errLines()).singleElement().asString().contains("already holds a run");
            CliTest.Run resume = CliTest.run("train", "--resume", dir.toString(), "--steps", "200000");
            assertThat(resume.status()).isEqualTo(1);
            assertThat(resume.errLines()).singleElement().asString()
                    .startsWith("gan4j: error: " + dir + ": in use by another gan4j process (" + holder);
            assertThat(child.isAlive()).as("the holder goes on").isTrue();
        } finally {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        long last = steps(dir).get(steps(dir).size() - 1);
        CliTest.Run after = CliTest.run("train", "--resume", dir.toString(), "--steps", Long.toString(last + 5));
        assertThat(after.status()).as(after.err()).isZero();
        assertThat(after.out()).contains(dir + ": taking over the lock of a process that ended without releasing it "
                + "(pid=" + child.pid() + " host=").contains("Done: " + (last + 5) + " steps");
        assertThat(dir.resolve(RunDirectoryLock.FILE)).as("released at the end").isEmptyFile();
    }

    @Test
    void aNonEmptyDirectoryThatIsNotAGan4jRunIsRefusedAndLeftAsItWas() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mine").resolve("samples"));
        Files.write(tmp.resolve("mine/report.html"), randomBytes(300, 1));
        Files.write(tmp.resolve("mine/loss.png"), randomBytes(200, 2));
        Files.write(dir.resolve("real.png"), randomBytes(100, 3));
        Path mine = tmp.resolve("mine");
        Map<String, String> before = snapshot(mine);
        CliTest.Run r = CliTest.run("train", "--steps", "1", "--run-dir", mine.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.errLines()).containsExactly("gan4j: error: " + mine + ": not empty (holds loss.png) and not a "
                + "run of 'gan4j train'; give an empty or new directory (--run-dir)");
        assertThat(snapshot(mine)).as("every file byte for byte, nothing added").isEqualTo(before);
        CliTest.Run resume = CliTest.run("train", "--resume", mine.toString());
        assertThat(resume.errLines()).containsExactly("gan4j: error: " + mine.resolve(RunOptions.FILE) + ": not a run "
                + "directory of 'gan4j train' (no " + RunOptions.FILE + ")");
        assertThat(snapshot(mine)).as("no lock file left by the refused resume").isEqualTo(before);
        // A run-options.properties that gan4j did not write does not make it a run either.
        Files.writeString(mine.resolve(RunOptions.FILE), "seed=1\n");
        before = snapshot(mine);
        assertThat(CliTest.run("train", "--steps", "1", "--run-dir", mine.toString()).errLines()).singleElement()
                .asString().contains("not a run of 'gan4j train'");
        assertThat(snapshot(mine)).isEqualTo(before);
    }

    @Test
    void emptyPathsAreRefusedNamingTheOption() {
        for (String option : new String[] {"--run-dir", "--resume", "--cache-dir", "--blas-dir"}) {
            CliTest.Run r = CliTest.run("train", "--steps", "0", option, "");
            assertThat(r.status()).as(option).isEqualTo(2);
            assertThat(r.errLines()).singleElement().asString()
                    .contains("Invalid value for option '" + option + "': an empty path");
        }
        CliTest.Run blank = CliTest.run("train", "--steps", "0", "--run-dir", "  ");
        assertThat(blank.errLines()).singleElement().asString().contains("'--run-dir': an empty path");
        CliTest.Run dataset = CliTest.run("train", "--steps", "1", "--dataset", "", "--run-dir",
                tmp.resolve("r").toString());
        assertThat(dataset.status()).isEqualTo(1);
        assertThat(dataset.errLines()).containsExactly("gan4j: error: --dataset must not be empty: give a dataset "
                + "name or a directory");
        assertThat(tmp.resolve("r")).doesNotExist();
        for (String[] args : new String[][] {{"--run-dir", "", "--out", "x.idx"}, {"--checkpoint", "", "--out", "x.idx"},
            {"--run-dir", tmp.toString(), "--out", ""}}) {
            List<String> cmd = new ArrayList<>(List.of("sample", "--count", "1"));
            cmd.addAll(List.of(args));
            CliTest.Run r = CliTest.run(cmd.toArray(String[]::new));
            assertThat(r.status()).as(cmd.toString()).isEqualTo(2);
            assertThat(r.errLines()).singleElement().asString().contains("an empty path");
        }
    }

    @Test
    void aRunDirectoryThatIsAFileIsNamedWithTheOption() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "the user's");
        CliTest.Run r = CliTest.run("train", "--steps", "1", "--run-dir", file.toString());
        assertThat(r.errLines()).containsExactly("gan4j: error: " + file + ": not a directory (--run-dir)");
        CliTest.Run resume = CliTest.run("train", "--resume", file.toString());
        assertThat(resume.errLines()).containsExactly("gan4j: error: " + file + ": neither a run directory nor a "
                + "checkpoint (RUN_DIR/checkpoints/checkpoint-<step>.zip) (--resume)");
        assertThat(file).hasContent("the user's");
    }

    @Test
    void invalidSettingsLeaveNothingAndTheNextGoodRunWorks() {
        Path dir = tmp.resolve("run");
        for (String[] bad : new String[][] {{"--batch-size", "0"}, {"--z-dim", "0"}, {"--lr", "NaN"},
            {"--steps", "0"}, {"--keep-checkpoints", "0"}, {"--checkpoint-every", "0"}, {"--batch-size", "10001"}}) {
            List<String> cmd = new ArrayList<>(List.of("train", "--run-dir", dir.toString()));
            cmd.addAll(List.of(bad));
            if (!bad[0].equals("--steps")) {
                cmd.addAll(List.of("--steps", "1"));
            }
            CliTest.Run r = CliTest.run(cmd.toArray(String[]::new));
            assertThat(r.status()).as(cmd.toString()).isEqualTo(1);
            assertThat(dir).as(cmd.toString()).doesNotExist();
        }
        assertThat(CliTest.run("train", "--steps", "1", "--run-dir", dir.toString()).status()).isZero();
    }

    @Test
    void aStartThatFailedAfterWritingItsOptionsDoesNotBlockTheNext() throws IOException {
        Path dir = tmp.resolve("run");
        System.setProperty("gan4j.provider", "nope"); // fails once the run directory is set up
        try {
            assertThat(CliTest.run("train", "--steps", "1", "--run-dir", dir.toString()).status()).isEqualTo(1);
        } finally {
            System.clearProperty("gan4j.provider");
        }
        assertThat(dir.resolve(RunOptions.FILE)).exists();
        CliTest.Run resume = CliTest.run("train", "--resume", dir.toString());
        assertThat(resume.errLines()).containsExactly("gan4j: error: " + dir.resolve("checkpoints") + ": no checkpoint "
                + "(the run stopped before its first one, so there is nothing to resume): start it afresh with "
                + "--run-dir " + dir);
        CliTest.Run again = CliTest.run("train", "--steps", "3", "--run-dir", dir.toString());
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out()).contains(dir + ": an abandoned start (run-options.properties but no checkpoint): "
                + "deleting its outputs and starting afresh");
    }

    @Test
    void aRunKilledBeforeItsFirstCheckpointIsAnAbandonedStartWhoseOutputsAloneAreReplaced() throws Exception {
        Path dir = tmp.resolve("run");
        Path log = tmp.resolve("child.log");
        Process child = fork(log, "train", "--steps", "100000", "--checkpoint-every", "100000", "--run-dir",
                dir.toString());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            Path metrics = dir.resolve("metrics.csv");
            while (child.isAlive() && System.nanoTime() < deadline
                    && !(Files.exists(metrics) && Files.size(metrics) > 10_000)) {
                Thread.sleep(20);
            }
            assertThat(child.isAlive()).as("under way: %s", Files.readString(log)).isTrue();
        } finally {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(steps(dir)).isEmpty();
        Files.write(dir.resolve("notes.txt"), randomBytes(64, 4)); // the user's, added since
        byte[] notes = Files.readAllBytes(dir.resolve("notes.txt"));
        CliTest.Run again = CliTest.run("train", "--steps", "3", "--run-dir", dir.toString());
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out()).contains("an abandoned start").contains("taking over the lock");
        assertThat(Files.readAllLines(dir.resolve("metrics.csv"))).as("the new run's rows only").hasSize(4);
        assertThat(dir.resolve("notes.txt")).hasBinaryContent(notes);
        assertThat(steps(dir)).containsExactly(3L);
    }

    @Test
    void keepCheckpointsGivenOnResumeIsHonouredAndTheGeneratorReplaced() throws IOException {
        Path dir = tmp.resolve("run");
        assertThat(CliTest.run("train", "--steps", "60", "--checkpoint-every", "10", "--run-dir", dir.toString())
                .status()).isZero();
        assertThat(steps(dir)).containsExactly(40L, 50L, 60L);
        CliTest.Run r = CliTest.run("train", "--resume", dir.toString(), "--steps", "100", "--keep-checkpoints", "1");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(steps(dir)).containsExactly(100L);
        assertThat(dir.resolve("run.properties")).content().contains("steps=100");
        CliTest.Run bad = CliTest.run("train", "--resume", dir.toString(), "--steps", "110", "--keep-checkpoints", "0");
        assertThat(bad.errLines()).containsExactly("gan4j: error: keepCheckpoints must be positive, got 0");
        assertThat(steps(dir)).containsExactly(100L);
    }

    @Test
    void resumingFromAnOlderCheckpointSetsTheAbandonedTimelineAside() throws IOException {
        Path dir = tmp.resolve("run");
        assertThat(CliTest.run("train", "--steps", "60", "--checkpoint-every", "10", "--run-dir", dir.toString())
                .status()).isZero();
        Path from = dir.resolve("checkpoints").resolve(Checkpoints.fileName(40));
        CliTest.Run r = CliTest.run("train", "--resume", from.toString(), "--steps", "45", "--checkpoint-every", "5");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(steps(dir)).as("the resumed timeline's only").containsExactly(40L, 45L);
        assertThat(Checkpoints.step(Checkpoints.newest(dir.resolve("checkpoints")))).isEqualTo(45);
        Path abandoned = dir.resolve("checkpoints").resolve(Checkpoints.ABANDONED_DIR);
        try (Stream<Path> s = Files.walk(abandoned)) {
            assertThat(s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList())
                    .as("moved aside, not deleted").containsExactly(Checkpoints.fileName(50), Checkpoints.fileName(60));
        }
        CliTest.Run next = CliTest.run("train", "--resume", dir.toString(), "--steps", "50");
        assertThat(next.out()).contains("from " + Checkpoints.fileName(45) + " (step 45)");
    }

    @Test
    void hostileRunOptionsAreRefusedNamingTheFileAndTheRunIsLeftAsItWas() throws IOException {
        Path dir = tmp.resolve("run");
        assertThat(CliTest.run("train", "--steps", "2", "--run-dir", dir.toString()).status()).isZero();
        Path options = dir.resolve(RunOptions.FILE);
        String good = Files.readString(options);
        byte[] notUtf8 = (RunOptions.HEADER_LINE + "\nseed=1\ndataset=caf").getBytes(StandardCharsets.US_ASCII);
        byte[] huge = new byte[(int) RunOptions.MAX_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) '#');
        String[][] cases = {
            {new String(notUtf8, StandardCharsets.ISO_8859_1) + "\u00e9\n", options + ": not UTF-8 text"},
            {new String(huge, StandardCharsets.ISO_8859_1), options + ": " + huge.length + " bytes; a run's options"},
            {good + "cacheDir=\ndataset=mnist\n", options + ": damaged (cacheDir is empty)"}};
        for (String[] c : cases) {
            Files.write(options, c[0].getBytes(StandardCharsets.ISO_8859_1));
            Map<String, String> before = snapshot(dir);
            CliTest.Run r = CliTest.run("train", "--resume", dir.toString(), "--steps", "4");
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.errLines()).singleElement().asString().startsWith("gan4j: error: " + c[1]);
            assertThat(snapshot(dir)).as("nothing changed").isEqualTo(before);
        }
    }
}
