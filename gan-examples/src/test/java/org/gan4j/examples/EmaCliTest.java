package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gan4j.io.GeneratorFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --ema DECAY[,START]}: checked before anything is created, saved for resume, fixed on resume. */
class EmaCliTest {

    @TempDir
    Path tmp;

    @Test
    void aBadDecayIsOneLineNamingTheOptionAndLeavesNothing() {
        Path dir = tmp.resolve("run");
        String[][] cases = {
            {"1", "gan4j: error: --ema: generatorEma decay must be in (0, 1), got 1.0"},
            {"0.9,-5", "gan4j: error: --ema: generatorEma startStep must be at least 0, got -5"},
            {"slow", "gan4j: error: --ema: generatorEma decay must be a number in (0, 1), got slow"},
        };
        for (String[] c : cases) {
            CliTest.Run r = CliTest.run("train", "--steps", "1", "--run-dir", dir.toString(), "--ema", c[0]);
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.errLines()).containsExactly(c[1]);
            assertThat(dir).as("nothing created").doesNotExist();
        }
    }

    @Test
    void theAverageIsSavedWithTheRunUsedByTheGeneratorFileAndKeptOnResume() throws IOException {
        Path dir = tmp.resolve("run");
        CliTest.Run train = CliTest.run("train", "--steps", "4", "--run-dir", dir.toString(), "--ema", "0.9,1");
        assertThat(train.status()).as(train.err()).isZero();
        Properties options = new Properties();
        try (var r = Files.newBufferedReader(dir.resolve(RunOptions.FILE))) {
            options.load(r);
        }
        assertThat(options).containsEntry("ema", "0.9,1");
        assertThat(dir.resolve(TrainCommand.RUN_FILE)).content().contains("generatorEma\\=0.9,1");
        Path checkpoint = org.gan4j.io.Checkpoints.newest(dir.resolve(TrainCommand.CHECKPOINTS_DIR));
        byte[] ema = zipEntry(checkpoint, GeneratorFile.EMA_PARAMETERS_ENTRY);
        assertThat(zipEntry(dir.resolve(TrainCommand.GENERATOR_FILE), GeneratorFile.PARAMETERS_ENTRY))
                .as("generator.zip holds the average").isEqualTo(ema)
                .isNotEqualTo(zipEntry(checkpoint, GeneratorFile.PARAMETERS_ENTRY));

        CliTest.Run fixed = CliTest.run("train", "--resume", dir.toString(), "--steps", "6", "--ema", "0.5");
        assertThat(fixed.errLines()).containsExactly("gan4j: error: --ema cannot be given with --resume: a "
                + "resumed run keeps the settings it started with");
        CliTest.Run resume = CliTest.run("train", "--resume", dir.toString(), "--steps", "6");
        assertThat(resume.status()).as(resume.err()).isZero();
        assertThat(dir.resolve(TrainCommand.RUN_FILE)).content().contains("steps=6").contains("generatorEma\\=0.9,1");
    }

    private static byte[] zipEntry(Path zip, String name) throws IOException {
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            java.util.zip.ZipEntry e = z.getEntry(name);
            assertThat(e).as(zip + " has " + name).isNotNull();
            return z.getInputStream(e).readAllBytes();
        }
    }
}
