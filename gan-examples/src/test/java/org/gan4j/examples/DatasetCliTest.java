package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.gan4j.data.ImageDataset;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --dataset ...}: a download from a local mirror, Debian's Fashion-MNIST, an image folder. */
class DatasetCliTest {

    @TempDir
    Path tmp;

    @Test
    void aNamedDatasetDownloadsFromALocalMirrorAndTrains() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/mnist/", ex -> {
            String name = ex.getRequestURI().getPath().replace("/mnist/", "");
            byte[] data = Files.readAllBytes(Path.of("..", "data", "mnist", name));
            ex.sendResponseHeaders(200, data.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(data);
            }
        });
        server.start();
        try {
            String mirror = "http://127.0.0.1:" + server.getAddress().getPort() + "/mnist/";
            CliTest.Run r = CliTest.run("train", "--dataset", "mnist-t10k", "--download", "--mirror", mirror,
                    "--cache-dir", tmp.resolve("cache").toString(), "--steps", "20", "--run-dir",
                    tmp.resolve("run").toString());
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.out()).contains("on " + tmp.resolve("cache/mnist-t10k/t10k-images-idx3-ubyte.gz"))
                    .contains(": 10000 images of 28x28x1");
            assertThat(tmp.resolve("cache/mnist-t10k/t10k-labels-idx1-ubyte.gz")).isRegularFile();
        } finally {
            server.stop(0);
        }
        CliTest.Run offline = CliTest.run("train", "--dataset", "mnist", "--cache-dir",
                tmp.resolve("empty").toString(), "--steps", "1", "--run-dir", tmp.resolve("r2").toString());
        assertThat(offline.status()).isEqualTo(1);
        assertThat(offline.errLines()).singleElement().asString().contains("mnist is not in")
                .contains("--download");
        assertThat(tmp.resolve("r2")).as("no run directory left by a failed start").doesNotExist();
    }

    @Test
    void fashionMnistFromTheDebianPackageTrains() {
        Assumptions.assumeTrue(Files.isRegularFile(Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")),
                "Debian's dataset-fashion-mnist is not installed (apt-get install dataset-fashion-mnist)");
        CliTest.Run r = CliTest.run("train", "--dataset", "fashion-mnist", "--cache-dir",
                tmp.resolve("cache").toString(), "--steps", "20", "--run-dir", tmp.resolve("run").toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")
                .contains("60000 images");
    }

    @Test
    void aFolderOfPngsTrains() throws IOException {
        ImageDataset digits = DataSource.embedded();
        Path folder = tmp.resolve("pngs");
        for (int i = 0; i < 300; i++) {
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 784; p++) {
                int v = digits.pixel(i, p);
                img.getRaster().setSample(p % 28, p / 28, 0, v);
            }
            Path file = folder.resolve("class-" + digits.label(i)).resolve(i + ".png");
            Files.createDirectories(file.getParent());
            ImageIO.write(img, "png", file.toFile());
        }
        CliTest.Run r = CliTest.run("train", "--dataset", folder.toString(), "--steps", "30", "--run-dir",
                tmp.resolve("run").toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("300 images, 28x28x1, 10 classes");

        Files.writeString(folder.resolve("class-0/readme.png"), "not an image");
        CliTest.Run bad = CliTest.run("train", "--dataset", folder.toString(), "--steps", "1", "--run-dir",
                tmp.resolve("run2").toString());
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.errLines()).containsExactly("gan4j: error: " + folder.resolve("class-0/readme.png")
                + ": not a readable image (PNG, JPEG, GIF or BMP); remove it or skip unreadable files");
        CliTest.Run skip = CliTest.run("train", "--dataset", folder.toString(), "--skip-bad-images", "--steps", "1",
                "--run-dir", tmp.resolve("run3").toString());
        assertThat(skip.status()).as(skip.err()).isZero();
    }
}
