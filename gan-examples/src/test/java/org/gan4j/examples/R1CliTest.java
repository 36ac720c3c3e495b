package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --r1 GAMMA}: saved with the run's options and kept on resume; bad values are one line. */
class R1CliTest {

    @TempDir
    Path tmp;

    @Test
    void anR1RunSavesItsGammaAndResumesWithIt() throws IOException {
        Path dir = tmp.resolve("r1");
        CliTest.Run train = CliTest.run("train", "--objective", "hinge", "--r1", "5", "--steps", "20",
                "--run-dir", dir.toString());
        assertThat(train.status()).as(train.err()).isZero();
        assertThat(dir.resolve("run-options.properties")).content().contains("r1=5.0");
        // the checkpoint's loss names the penalty, so a resume that lost it would be refused
        CliTest.Run resumed = CliTest.run("train", "--resume", dir.toString(), "--steps", "30");
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("metrics.csv"))).hasSize(31);
        CliTest.Run changed = CliTest.run("train", "--resume", dir.toString(), "--r1", "1");
        assertThat(changed.status()).isNotZero();
        assertThat(changed.errLines()).singleElement().asString().contains("--r1");
    }

    @Test
    void aGammaThatIsNotPositiveIsOneLineNamingTheOptionAndLeavesNothing() {
        Path dir = tmp.resolve("bad");
        CliTest.Run r = CliTest.run("train", "--r1", "0", "--steps", "10", "--run-dir", dir.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString()
                .isEqualTo("gan4j: error: --r1: r1Penalty gamma must be positive and finite, got 0.0");
        assertThat(dir).doesNotExist();
    }

    @Test
    void r1WithWganGpIsOneLineNamingBoth() {
        Path dir = tmp.resolve("both");
        CliTest.Run r = CliTest.run("train", "--objective", "wgan-gp", "--r1", "1", "--steps", "10",
                "--run-dir", dir.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString().startsWith("gan4j: error: ").contains("r1Penalty")
                .contains("wgan-gp");
        assertThat(dir).doesNotExist();
    }
}
