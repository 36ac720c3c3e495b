package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --g-optimizer}, {@code --d-optimizer} and {@code --lr-schedule}: parsed, saved for resume, checked. */
class OptimizerCliTest {

    @TempDir
    Path tmp;

    @Test
    void badOptimizerTextIsOneLineNamingTheOptionAndLeavesNothing() {
        Path dir = tmp.resolve("run");
        String[][] cases = {
            {"--d-optimizer", "adamw(lr=1e-4)", "gan4j: error: --d-optimizer: optimizer 'adamw(lr=1e-4)': unknown "
                    + "name 'adamw'; expected one of adam, rmsprop, sgd"},
            {"--g-optimizer", "sgd(momentum=0.9)", "gan4j: error: --g-optimizer: 'sgd(momentum=0.9)': sgd needs "
                    + "lr=<number>"},
            {"--g-optimizer", "rmsprop(lr=1e-4,alpha=1)", "gan4j: error: --g-optimizer: 'rmsprop(lr=1e-4,alpha=1)': "
                    + "alpha must be in [0, 1), got 1.0"},
            {"--lr-schedule", "cosine", "gan4j: error: --lr-schedule: learning-rate schedule 'cosine': unknown name "
                    + "'cosine'; expected one of constant, linear"},
        };
        for (String[] c : cases) {
            CliTest.Run r = CliTest.run("train", "--steps", "1", "--run-dir", dir.toString(), c[0], c[1]);
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.errLines()).containsExactly(c[2]);
            assertThat(dir).as("nothing created").doesNotExist();
        }
    }

    @Test
    void theOptimizersAreSavedWithTheRunAndAResumeKeepsThem() throws IOException {
        Path dir = tmp.resolve("run");
        CliTest.Run train = CliTest.run("train", "--steps", "3", "--run-dir", dir.toString(),
                "--g-optimizer", "sgd(lr=0.01,momentum=0.9)", "--d-optimizer", "rmsprop(lr=1e-4)",
                "--lr-schedule", "linear(steps=10)");
        assertThat(train.status()).as(train.err()).isZero();
        Properties options = new Properties();
        try (var r = Files.newBufferedReader(dir.resolve(RunOptions.FILE))) {
            options.load(r);
        }
        assertThat(options).containsEntry("generatorOptimizer", "sgd(lr=0.01,momentum=0.9)")
                .containsEntry("discriminatorOptimizer", "rmsprop(lr=1e-4)")
                .containsEntry("lrSchedule", "linear(steps=10)");
        assertThat(dir.resolve(TrainCommand.RUN_FILE)).content()
                .contains("generatorOptimizer\\=sgd(lr\\=0.01,momentum\\=0.9)")
                .contains("discriminatorOptimizer\\=rmsprop(lr\\=1.0E-4,alpha\\=0.99,eps\\=1.0E-8,momentum\\=0.0)")
                .contains("learningRateSchedule\\=linear(steps\\=10)");

        CliTest.Run fixed = CliTest.run("train", "--resume", dir.toString(), "--steps", "6", "--d-optimizer", "adam");
        assertThat(fixed.errLines()).containsExactly("gan4j: error: --d-optimizer cannot be given with --resume: a "
                + "resumed run keeps the settings it started with");
        CliTest.Run resume = CliTest.run("train", "--resume", dir.toString(), "--steps", "6");
        assertThat(resume.status()).as(resume.err()).isZero();
        assertThat(dir.resolve(TrainCommand.RUN_FILE)).content().contains("steps=6")
                .contains("generatorOptimizer\\=sgd(lr\\=0.01,momentum\\=0.9)");

        // a damaged optimizer in the saved options: an error naming the file, nothing changed
        String good = Files.readString(dir.resolve(RunOptions.FILE));
        Files.writeString(dir.resolve(RunOptions.FILE), good.replace("generatorOptimizer=sgd", "generatorOptimizer=sgdx"));
        CliTest.Run damaged = CliTest.run("train", "--resume", dir.toString(), "--steps", "8");
        assertThat(damaged.status()).isEqualTo(1);
        assertThat(damaged.errLines()).singleElement().asString().startsWith("gan4j: error: "
                + dir.resolve(RunOptions.FILE) + ": damaged (optimizer 'sgdx(lr=0.01,momentum=0.9)': unknown name");
    }
}
