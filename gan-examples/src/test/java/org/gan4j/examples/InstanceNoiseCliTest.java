package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gan4j.InstanceNoise;
import org.gan4j.RunSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --instance-noise SIGMA,STEPS}: checked before anything is created, saved for resume, fixed on resume. */
class InstanceNoiseCliTest {

    @TempDir
    Path tmp;

    @Test
    void badSettingsAreOneLineNamingTheOptionAndLeaveNothing() {
        Path dir = tmp.resolve("run");
        String form = "expected SIGMA,STEPS or sigma=SIGMA,steps=STEPS (e.g. 0.1,5000)";
        String[][] cases = {
            {"0.1", "gan4j: error: --instance-noise: instanceNoise: the annealing steps are missing; " + form
                    + ", got '0.1'"},
            {"0,100", "gan4j: error: --instance-noise: instanceNoise sigma must be positive and finite, got 0.0"},
            {"-0.5,100", "gan4j: error: --instance-noise: instanceNoise sigma must be positive and finite, got -0.5"},
            {"Infinity,100", "gan4j: error: --instance-noise: instanceNoise sigma must be positive and finite, got "
                    + "Infinity"},
            {"0.1,0", "gan4j: error: --instance-noise: instanceNoise steps must be at least 1, got 0"},
            {"loud,100", "gan4j: error: --instance-noise: instanceNoise sigma must be a positive number, got 'loud'"},
            {"0.1,forever", "gan4j: error: --instance-noise: instanceNoise steps must be a whole number of at least 1, "
                    + "got 'forever'"},
            {"sigma=0.1,stepz=5", "gan4j: error: --instance-noise: instanceNoise: " + form
                    + ", got 'sigma=0.1,stepz=5'"},
            {"", "gan4j: error: --instance-noise: instanceNoise: the annealing steps are missing; " + form
                    + ", got ''"},
        };
        for (String[] c : cases) {
            CliTest.Run r = CliTest.run("train", "--steps", "1", "--run-dir", dir.toString(), "--instance-noise",
                    c[0]);
            assertThat(r.status()).as(c[0]).isEqualTo(1);
            assertThat(r.errLines()).as(c[0]).containsExactly(c[1]);
            assertThat(dir).as("nothing created").doesNotExist();
        }
    }

    @Test
    void theSettingsAreSavedWithTheRunInItsSpecAndKeptOnResume() throws IOException {
        Path dir = tmp.resolve("run");
        CliTest.Run train = CliTest.run("train", "--steps", "4", "--run-dir", dir.toString(), "--instance-noise",
                "sigma=0.2,steps=6");
        assertThat(train.status()).as(train.err()).isZero();
        Properties options = new Properties();
        try (var r = Files.newBufferedReader(dir.resolve(RunOptions.FILE))) {
            options.load(r);
        }
        assertThat(options).containsEntry("instanceNoise", "sigma=0.2,steps=6");
        assertThat(RunSpec.fromJson(Files.readString(dir.resolve(ConfigFile.NAME))).instanceNoise())
                .contains(new InstanceNoise(0.2, 6));
        assertThat(dir.resolve(TrainCommand.RUN_FILE)).content().contains("instanceNoise\\=sigma\\=0.2,steps\\=6");

        CliTest.Run fixed = CliTest.run("train", "--resume", dir.toString(), "--steps", "8", "--instance-noise",
                "0.5,10");
        assertThat(fixed.status()).isEqualTo(1);
        assertThat(fixed.errLines()).containsExactly("gan4j: error: --instance-noise cannot be given with --resume: "
                + "a resumed run keeps the settings it started with");
        CliTest.Run resume = CliTest.run("train", "--resume", dir.toString(), "--steps", "8");
        assertThat(resume.status()).as(resume.err()).isZero();
        assertThat(RunSpec.fromJson(Files.readString(dir.resolve(ConfigFile.NAME))).instanceNoise())
                .contains(new InstanceNoise(0.2, 6));

        // --config reproduces it, and the option overrides a config file's value
        Path again = tmp.resolve("again");
        CliTest.Run config = CliTest.run("train", "--config", dir.resolve(ConfigFile.NAME).toString(), "--steps",
                "2", "--instance-noise", "0.3,9", "--run-dir", again.toString());
        assertThat(config.status()).as(config.err()).isZero();
        assertThat(RunSpec.fromJson(Files.readString(again.resolve(ConfigFile.NAME))).instanceNoise())
                .contains(new InstanceNoise(0.3, 9));
    }

    @Test
    void aConfigFileWithBadInstanceNoiseIsOneLineNamingTheFileAndThePathAndWritesNothing() throws IOException {
        String good = org.gan4j.Gan.builder().instanceNoise(0.1, 50).build().spec().toJson();
        String value = "\"instanceNoise\" : \"sigma=0.1,steps=50\"";
        assertThat(good).contains(value);
        String[][] cases = {
            {good.replace(value, "\"instanceNoise\" : 0.1"), "$.instanceNoise: expected a string, got a number 0.1"},
            {good.replace(value, "\"instanceNoise\" : [ 0.1, 50 ]"), "$.instanceNoise: expected a string, got an "
                    + "array"},
            {good.replace(value, "\"instanceNoise\" : \"sigma=0.1,steps=-50\""), "$.instanceNoise: instanceNoise "
                    + "steps must be at least 1, got -50"},
            {good.replace(value, "\"instanceNoise\" : \"sigma=1e999,steps=50\""), "$.instanceNoise: "
                    + "instanceNoise sigma must be positive and finite, got Infinity"},
            {good.replace(value, "\"instanceNoise\" : \"0.1\""), "$.instanceNoise: instanceNoise: the annealing "
                    + "steps are missing"},
        };
        for (String[] c : cases) {
            Path file = tmp.resolve("bad.json");
            Files.writeString(file, c[0]);
            Path dir = tmp.resolve("run");
            CliTest.Run r = CliTest.run("train", "--config", file.toString(), "--run-dir", dir.toString());
            assertThat(r.status()).as(c[1]).isEqualTo(1);
            assertThat(r.errLines()).singleElement().asString().startsWith("gan4j: error: " + file + ": " + c[1]);
            assertThat(dir).as("nothing created").doesNotExist();
            assertThat(file).as("the user's file untouched").hasContent(c[0]);
        }
    }
}
