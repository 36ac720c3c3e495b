package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.gan4j.examples.CliTest.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --recipe cgan}, {@code sample --label} and their one-line errors. */
class ConditionalCliTest {

    @TempDir
    static Path runs;

    @TempDir
    Path tmp;

    private static Path conditional;
    private static Path unconditional;

    @BeforeAll
    static void train() {
        conditional = runs.resolve("cgan");
        Run c = CliTest.run("train", "--recipe", "cgan", "--steps", "40", "--run-dir", conditional.toString());
        assertThat(c.status()).as(c.err()).isZero();
        unconditional = runs.resolve("plain");
        Run u = CliTest.run("train", "--steps", "5", "--run-dir", unconditional.toString());
        assertThat(u.status()).as(u.err()).isZero();
    }

    @Test
    void theFinalEvaluationOfAConditionalRunMeasuresEveryClassIntoTheReport() throws IOException {
        Path dir = tmp.resolve("evaluated");
        Run r = CliTest.run("train", "--recipe", "cgan", "--steps", "20", "--eval-every", "10", "--eval-count", "100",
                "--run-dir", dir.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("class fidelity");
        List<String> rows = Files.readAllLines(dir.resolve("class-fidelity.csv"));
        assertThat(rows).hasSize(11);
        assertThat(rows.get(0)).isEqualTo("class,name,fidelity");
        assertThat(rows.get(8)).startsWith("7,7,");
        double sum = 0;
        for (String row : rows.subList(1, 11)) {
            double f = Double.parseDouble(row.split(",")[2]);
            assertThat(f).isBetween(0.0, 1.0);
            sum += f;
        }
        assertThat(sum).as("20 steps from scratch: the classes are not yet followed").isLessThan(5);
        assertThat(dir.resolve("report.html")).content().contains("<h2>Class fidelity</h2>")
                .contains("<td>7</td><td>7</td>");
        Run eval = CliTest.run("evaluate", "--run-dir", dir.toString(), "--count", "500");
        assertThat(eval.status()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("class fidelity").contains("per class");
    }

    @Test
    void recipesListsCgan() {
        assertThat(CliTest.run("recipes").out()).containsPattern("(?m)^cgan +conditional mlp-tuned");
    }

    @Test
    void aConditionalRunSamplesOneClassIntoAGridOrAnIdxFile() throws IOException {
        Path png = tmp.resolve("sevens.png");
        Run r = CliTest.run("sample", "--run-dir", conditional.toString(), "--label", "7", "--count", "100", "--out",
                png.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(javax.imageio.ImageIO.read(png.toFile())).isNotNull();
        Path idx = tmp.resolve("sevens.idx");
        Run i = CliTest.run("sample", "--checkpoint", Files.list(conditional.resolve("checkpoints")).findFirst()
                .orElseThrow().toString(), "--label", "7", "--count", "10", "--out", idx.toString());
        assertThat(i.status()).as(i.err()).isZero();
        assertThat(Files.size(idx)).isEqualTo(16 + 10 * 784);
        // the fixed-noise grid of the (partial) epoch: one row of 8 per class, against 4 rows of 8 unconditionally
        java.awt.image.BufferedImage grid = javax.imageio.ImageIO.read(conditional.resolve("samples/epoch-001.png")
                .toFile());
        assertThat(grid.getHeight()).isEqualTo(2 + 10 * (28 + 2));
        assertThat(grid.getWidth()).as("the rows' class names in a margin on the left").isGreaterThan(2 + 8 * (28 + 2));
        Files.copy(conditional.resolve("samples/epoch-001.png"), Path.of("target", "cgan-epoch-grid.png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING); // for a look by eye
        assertThat(javax.imageio.ImageIO.read(unconditional.resolve("samples/epoch-001.png").toFile()).getHeight())
                .isEqualTo(2 + 4 * (28 + 2));
    }

    @Test
    void aConditionalRunResumesFromTheCommandLine() throws IOException {
        Path copy = tmp.resolve("copy");
        try (var files = Files.walk(conditional)) {
            for (Path f : files.toList()) {
                Path target = copy.resolve(conditional.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (!f.getFileName().toString().endsWith(".lock")) {
                    Files.copy(f, target);
                }
            }
        }
        Run r = CliTest.run("train", "--resume", copy.toString(), "--steps", "50");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.readString(copy.resolve("run.json"))).contains("\"classes\" : 10");
        Run s = CliTest.run("sample", "--run-dir", copy.toString(), "--label", "2", "--count", "3", "--out",
                tmp.resolve("twos.png").toString());
        assertThat(s.status()).as(s.err()).isZero();
    }

    @Test
    void benchTimesTheConditionalStep() {
        Run r = CliTest.run("bench", "--recipe", "cgan", "--steps", "3", "--warmup", "1");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("gan4j bench: recipe cgan, batch 64").contains("RESULT impl=gan4j-")
                .contains("recipe=cgan");
    }

    @Test
    void labelErrorsAreOneLineAndWriteNothing() {
        Path out = tmp.resolve("x.png");
        Run high = CliTest.run("sample", "--run-dir", conditional.toString(), "--label", "10", "--count", "4",
                "--out", out.toString());
        assertThat(high.status()).isEqualTo(1);
        assertThat(high.errLines()).singleElement().asString().startsWith("gan4j: error: --label 10 is out of range")
                .contains("10 classes, 0 to 9").contains(conditional.toString());
        Run negative = CliTest.run("sample", "--run-dir", conditional.toString(), "--label", "-1", "--count", "4",
                "--out", out.toString());
        assertThat(negative.errLines()).singleElement().asString().contains("--label -1 is out of range");
        Run none = CliTest.run("sample", "--run-dir", conditional.toString(), "--count", "4", "--out",
                out.toString());
        assertThat(none.status()).isEqualTo(1);
        assertThat(none.errLines()).singleElement().asString().contains("is conditional on 10 classes")
                .contains("--label 0 to 9");
        Run plain = CliTest.run("sample", "--run-dir", unconditional.toString(), "--label", "3", "--count", "4",
                "--out", out.toString());
        assertThat(plain.status()).isEqualTo(1);
        assertThat(plain.errLines()).singleElement().asString().startsWith("gan4j: error: --label 3: the generator")
                .contains("is not conditional");
        assertThat(out).doesNotExist();
    }

    @Test
    void cganOnADatasetWithoutLabelsIsRefusedNamingIt() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("nolabels"));
        // the first 100 embedded digits, without their labels file
        byte[] all;
        try (var in = new GZIPInputStream(DataSource.class.getResourceAsStream(DataSource.EMBEDDED
                + "t10k-images-idx3-ubyte.gz"))) {
            all = in.readAllBytes();
        }
        byte[] hundred = java.util.Arrays.copyOf(all, 16 + 100 * 784);
        hundred[4] = 0;
        hundred[5] = 0;
        hundred[6] = 0;
        hundred[7] = 100;
        Files.write(data.resolve("train-images-idx3-ubyte"), hundred);
        Path runDir = tmp.resolve("r");
        Run r = CliTest.run("train", "--recipe", "cgan", "--dataset", data.toString(), "--steps", "2", "--run-dir",
                runDir.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString().startsWith("gan4j: error: classes: a conditional run")
                .contains("has none").contains(data.toString());
        assertThat(runDir).as("refused before the run directory is made").doesNotExist();
    }

    @Test
    void theReportAndTensorBoardShowTheClassBySampleGridWithTheClassNames() throws IOException {
        String report = Files.readString(conditional.resolve("report.html"));
        assertThat(report).contains("A conditional run of 10 classes: each grid row is one class")
                .contains("Classes: 0 = 0, 1 = 1, 2 = 2");
        List<Object[]> images = TensorBoardCliTest.values(TensorBoardCliTest.eventFile(conditional.resolve("logs")
                .resolve("fake")));
        assertThat(images).isNotEmpty();
        @SuppressWarnings("unchecked")
        java.util.Map<Integer, List<Object>> image = (java.util.Map<Integer, List<Object>>) images.get(0)[2];
        java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                org.gan4j.tensorboard.EventFileWriterTest.bytes(image, 4)));
        assertThat(png.getHeight()).as("one row of 8 per class").isEqualTo(2 + 10 * 30);
        assertThat(png.getWidth()).as("the class names in a margin on the left").isGreaterThan(2 + 8 * 30);
        assertThat(Files.readString(unconditional.resolve("report.html"))).doesNotContain("A conditional run");
    }

    @Test
    void cganOnAFolderOfClassesTakesTheirCountAndNames() throws IOException {
        Path data = tmp.resolve("pets");
        for (String pet : List.of("dog", "cat", "bird")) {
            Files.createDirectories(data.resolve(pet));
            for (int i = 0; i < 30; i++) {
                java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(28, 28,
                        java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
                img.getRaster().setSample(i % 28, pet.length() * 3, 0, 255);
                javax.imageio.ImageIO.write(img, "png", data.resolve(pet).resolve(i + ".png").toFile());
            }
        }
        Path runDir = tmp.resolve("pets-run");
        Run r = CliTest.run("train", "--recipe", "cgan", "--dataset", data.toString(), "--steps", "3", "--run-dir",
                runDir.toString());
        assertThat(r.status()).as(r.err()).isZero();
        org.gan4j.TrainedGenerator g = org.gan4j.io.GeneratorFile.load(runDir.resolve("generator.zip"), 0);
        assertThat(g.classNames()).containsExactly("bird", "cat", "dog");
        assertThat(g.zDim()).isEqualTo(64);
        assertThat(Files.readString(runDir.resolve("run.json"))).contains("\"classes\" : 3");
        assertThat(Files.readString(runDir.resolve("report.html"))).contains("Classes: 0 = bird, 1 = cat, 2 = dog");
        Run resumed = CliTest.run("train", "--resume", runDir.toString(), "--steps", "4");
        assertThat(resumed.status()).as(resumed.err()).isZero();
        Run s = CliTest.run("sample", "--run-dir", runDir.toString(), "--label", "2", "--count", "3", "--out",
                tmp.resolve("dogs.png").toString());
        assertThat(s.status()).as(s.err()).isZero();
    }

    @Test
    void acganTrainsFromTheCommandLineAndAuxIsAnArgumentOfTheObjective() throws IOException {
        Path acgan = tmp.resolve("acgan");
        Run r = CliTest.run("train", "--recipe", "acgan", "--steps", "4", "--run-dir", acgan.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.readAllLines(acgan.resolve("metrics.csv")).get(0)).contains("auxAccuracyReal")
                .contains("auxAccuracyFake");
        assertThat(Files.readString(acgan.resolve("run.json"))).contains("bce(real=0.9, aux=1.0)");
        Run s = CliTest.run("sample", "--run-dir", acgan.toString(), "--label", "3", "--count", "2", "--out",
                tmp.resolve("threes.png").toString());
        assertThat(s.status()).as(s.err()).isZero();
        Run hinge = CliTest.run("train", "--recipe", "acgan", "--objective", "hinge(aux=0.5)", "--steps", "2",
                "--run-dir", tmp.resolve("hinge").toString());
        assertThat(hinge.status()).as(hinge.err()).isZero();
        // cgan's discriminator reads the one-hot and outputs one logit: refused in one line, naming the shapes
        Run wrong = CliTest.run("train", "--recipe", "cgan", "--objective", "bce(aux=1)", "--steps", "2",
                "--run-dir", tmp.resolve("wrong").toString());
        assertThat(wrong.status()).isEqualTo(1);
        assertThat(wrong.errLines()).singleElement().asString().contains("1 + 10 = 11 values per image");
        Run gp = CliTest.run("train", "--recipe", "acgan", "--objective", "wgan-gp(aux=1)", "--steps", "2",
                "--run-dir", tmp.resolve("gp").toString());
        assertThat(gp.errLines()).singleElement().asString().startsWith("gan4j: error: --objective:")
                .contains("not with wgan-gp");
    }

    @Test
    void dcganCondTrainsFromTheCommandLineWithItsProjectionDiscriminator() throws IOException {
        Path run = tmp.resolve("dcgan-cond");
        Run r = CliTest.run("train", "--recipe", "dcgan-cond", "--steps", "2", "--run-dir", run.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.readString(run.resolve("run.json"))).contains("projection(input=[784], features=[")
                .contains("\"classes\" : 10");
        Run s = CliTest.run("sample", "--run-dir", run.toString(), "--label", "4", "--count", "3", "--out",
                tmp.resolve("fours.png").toString());
        assertThat(s.status()).as(s.err()).isZero();
        Run resumed = CliTest.run("train", "--resume", run.toString(), "--steps", "3");
        assertThat(resumed.status()).as(resumed.err()).isZero();
    }
}
