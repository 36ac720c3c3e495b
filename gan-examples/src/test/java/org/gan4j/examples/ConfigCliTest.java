package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.gan4j.RunSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run.json} in every run directory, and {@code train --config FILE}: reproduces, refuses, overrides. */
class ConfigCliTest {

    @TempDir
    Path tmp;

    static byte[] generatorParameters(Path generatorZip) throws IOException {
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
    void aRunFromItsRunJsonIsBitIdenticalToTheRunFromOptions() throws IOException {
        Path a = tmp.resolve("a");
        CliTest.Run options = CliTest.run("train", "--recipe", "mlp-tuned", "--steps", "5", "--batch-size", "16",
                "--seed", "7", "--d-optimizer", "rmsprop(lr=1e-4)", "--run-dir", a.toString());
        assertThat(options.status()).as(options.err()).isZero();
        RunSpec written = RunSpec.fromJson(Files.readString(a.resolve(ConfigFile.NAME)));
        assertThat(written.seed()).isEqualTo(7);
        assertThat(written.batchSize()).isEqualTo(16);
        assertThat(written.maxSteps()).isEqualTo(5);
        assertThat(written.discriminatorOptimizer().kind()).isEqualTo("rmsprop");
        var provenance = new org.nd4j.shade.jackson.databind.ObjectMapper()
                .readTree(a.resolve(TrainCommand.PROVENANCE_FILE).toFile());
        assertThat(RunSpec.fromJson(provenance.get("spec").toString())).isEqualTo(written);
        assertThat(provenance.get("steps").longValue()).isEqualTo(5);

        Path b = tmp.resolve("b");
        CliTest.Run config = CliTest.run("train", "--config", a.resolve(ConfigFile.NAME).toString(), "--run-dir",
                b.toString());
        assertThat(config.status()).as(config.err()).isZero();
        assertThat(Files.readString(b.resolve(ConfigFile.NAME))).isEqualTo(Files.readString(a.resolve(ConfigFile.NAME)));
        assertThat(generatorParameters(b.resolve(TrainCommand.GENERATOR_FILE)))
                .isEqualTo(generatorParameters(a.resolve(TrainCommand.GENERATOR_FILE)));

        // options override the file's values, like --recipe's
        Path c = tmp.resolve("c");
        CliTest.Run override = CliTest.run("train", "--config", a.resolve(ConfigFile.NAME).toString(), "--seed", "8",
                "--steps", "3", "--run-dir", c.toString());
        assertThat(override.status()).as(override.err()).isZero();
        RunSpec overridden = RunSpec.fromJson(Files.readString(c.resolve(ConfigFile.NAME)));
        assertThat(overridden.firstDifference(written)).hasValue("maxSteps: 3 vs 5");
        assertThat(overridden.withLength(written.epochs(), written.maxSteps()).firstDifference(written))
                .hasValue("seed: 8 vs 7");

        // a run started from a config resumes from its own copy
        CliTest.Run resume = CliTest.run("train", "--resume", b.toString(), "--steps", "8");
        assertThat(resume.status()).as(resume.err()).isZero();
        assertThat(RunSpec.fromJson(Files.readString(b.resolve(ConfigFile.NAME))).firstDifference(written))
                .hasValue("maxSteps: 8 vs 5");
        CliTest.Run again = CliTest.run("train", "--resume", b.toString(), "--config", "x.json");
        assertThat(again.errLines()).containsExactly("gan4j: error: --config cannot be given with --resume: a "
                + "resumed run keeps the settings it started with");
    }

    @Test
    void aBadConfigIsOneLineNamingTheFileAndThePathAndWritesNothing() throws IOException {
        String good = org.gan4j.Gan.builder().build().spec().toJson();
        String[][] cases = {
            {good.replace("\"seed\" : 42,", "\"seed\" : 42, \"speed\" : 1,"), "$.speed: unknown field"},
            {good.replace("\"batchSize\" : 32", "\"batchSize\" : \"32\""),
                "$.batchSize: expected a whole number from -2147483648 to 2147483647, got a string \"32\""},
            {good.replace("\"criticSteps\" : 1,", ""), "$.criticSteps: missing (required)"},
            {good.replace("\"criticSteps\" : 1", "\"criticSteps\" : 0"), "$.criticSteps: criticSteps must be "
                + "positive, got 0"},
            {good.replaceFirst("\"discriminatorOptimizer\" : \"adam\\(lr=3.0E-4",
                    "\"discriminatorOptimizer\" : \"adam(lr=abc"), "$.discriminatorOptimizer: "},
            {"{", "$: not valid JSON (line 1"},
        };
        for (String[] c : cases) {
            Path file = tmp.resolve("bad.json");
            Files.writeString(file, c[0]);
            Path dir = tmp.resolve("run");
            CliTest.Run r = CliTest.run("train", "--config", file.toString(), "--run-dir", dir.toString());
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.errLines()).singleElement().asString().startsWith("gan4j: error: " + file + ": " + c[1]);
            assertThat(dir).as("nothing created").doesNotExist();
            assertThat(file).as("the user's file untouched").hasContent(c[0]);
        }
        Path latin = tmp.resolve("latin.json");
        Files.write(latin, new byte[] {'{', '"', (byte) 0xE9, '"', '}'});
        CliTest.Run notUtf8 = CliTest.run("train", "--config", latin.toString(), "--run-dir", tmp.resolve("r2")
                .toString());
        assertThat(notUtf8.errLines()).containsExactly("gan4j: error: " + latin + ": not UTF-8 text; expected a run "
                + "spec in JSON");
        Path huge = tmp.resolve("huge.json");
        try (var ch = java.nio.channels.FileChannel.open(huge, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {' '}), 3L * org.gan4j.RunSpec.MAX_FILE_BYTES); // sparse: refused unread
        }
        CliTest.Run tooBig = CliTest.run("train", "--config", huge.toString(), "--run-dir", tmp.resolve("r3")
                .toString());
        assertThat(tooBig.errLines()).singleElement().asString().startsWith("gan4j: error: " + huge + ": 3145729 "
                + "bytes; a run spec takes a few kilobytes");
        Path missing = tmp.resolve("missing.json");
        CliTest.Run absent = CliTest.run("train", "--config", missing.toString(), "--run-dir", tmp.resolve("r4")
                .toString());
        assertThat(absent.status()).isEqualTo(1);
        assertThat(absent.errLines()).singleElement().asString().contains(missing.toString());
        assertThat(tmp.resolve("r2")).doesNotExist();
        assertThat(tmp.resolve("r3")).doesNotExist();
        assertThat(tmp.resolve("r4")).doesNotExist();
    }

    @Test
    void configAndRecipeTogetherAreRefused() throws IOException {
        Path file = tmp.resolve("run.json");
        Files.writeString(file, org.gan4j.Gan.builder().build().spec().toJson());
        CliTest.Run r = CliTest.run("train", "--config", file.toString(), "--recipe", "dcgan", "--run-dir",
                tmp.resolve("run").toString());
        assertThat(r.errLines()).containsExactly("gan4j: error: --config and --recipe cannot be given together: the "
                + "file holds the whole configuration");
        assertThat(tmp.resolve("run")).doesNotExist();
    }
}
