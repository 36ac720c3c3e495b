package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run report, opened from disk in a real headless browser (Debian's chromium; .ci/run installs it). */
class HtmlReportTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path tmp;

    private record Result(String stdout, String stderr) {
    }

    private Result chromium(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + tmp.resolve("profile"),
                "--enable-logging=stderr", "--v=0"));
        command.addAll(List.of(args));
        Path out = tmp.resolve("chromium.out");
        Path err = tmp.resolve("chromium.err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s");
        }
        return new Result(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theReportLoadsWithoutErrorsAndShowsItsImages() throws Exception {
        Path run = tmp.resolve("run");
        CliTest.Run r = CliTest.run("train", "--steps", "700", "--run-dir", run.toString());
        assertThat(r.status()).as(r.err()).isZero();
        Path report = run.resolve("report.html");
        String html = Files.readString(report);
        assertThat(html).contains("gan4j run report").contains("steps, epochs").contains("700, 3")
                .doesNotContain("http://").doesNotContain("https://");
        assertThat(html.split("data:image/png;base64,", -1)).hasSize(1 + 2 + 3); // plot, real grid, 3 epochs

        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed (apt-get install "
                + "chromium): the browser half of this test is skipped");
        String url = report.toUri().toString();
        Result dom = chromium("--dump-dom", url);
        assertThat(dom.stdout()).as("the script ran and showed the last epoch")
                .containsPattern("id=\"label\">3<")
                .containsPattern("id=\"fake\"[^>]*src=\"data:image/png");
        assertThat(dom.stderr()).as("console errors").doesNotContain("Uncaught").doesNotContain(":ERROR:CONSOLE");

        Path shot = tmp.resolve("shot.png");
        chromium("--screenshot=" + shot, "--window-size=1100,2000", url);
        BufferedImage image = ImageIO.read(shot.toFile());
        long dark = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y);
                if (((rgb >> 16) & 0xFF) + ((rgb >> 8) & 0xFF) + (rgb & 0xFF) < 150) {
                    dark++;
                }
            }
        }
        // the black sample grids and the plot's text: far from a blank white page
        assertThat(dark).as("dark pixels in the screenshot").isGreaterThan(20_000);
    }
}
