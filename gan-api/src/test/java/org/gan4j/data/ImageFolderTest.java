package org.gan4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    @TempDir
    Path dir;

    private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    static void png(Path file, int w, int h, Color color, int type) throws IOException {
        BufferedImage img = new BufferedImage(w, h, type);
        Graphics2D g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(img, file.toString().endsWith(".jpg") ? "jpg" : "png", file.toFile());
    }

    @Test
    void anySizeAndColourBecomesTheConfiguredShape() throws IOException {
        png(dir.resolve("a.png"), 64, 40, Color.RED, BufferedImage.TYPE_INT_RGB);
        png(dir.resolve("b.png"), 10, 10, Color.WHITE, BufferedImage.TYPE_BYTE_GRAY);
        png(dir.resolve("c.jpg"), 300, 200, new Color(0, 0, 255), BufferedImage.TYPE_INT_RGB);
        png(dir.resolve("d.png"), 28, 28, new Color(0, 255, 0, 0), BufferedImage.TYPE_INT_ARGB); // transparent
        ImageDataset grey = ImageFolder.load(dir, 28, 28, 1, ImageFolder.OnBadFile.FAIL, quiet);
        assertThat(grey.size()).isEqualTo(4);
        assertThat(grey.imageSize()).isEqualTo(784);
        assertThat(grey.hasLabels()).isFalse();
        assertThat(grey.pixel(0, 400)).isEqualTo(76);   // red: round(0.299 * 255)
        assertThat(grey.pixel(1, 0)).isEqualTo(255);    // white
        assertThat(grey.pixel(2, 400)).isBetween(26, 31); // blue: round(0.114 * 255) = 29, give JPEG some room
        assertThat(grey.pixel(3, 400)).isZero();        // transparent over black
        ImageDataset rgb = ImageFolder.load(dir, 8, 12, 3, ImageFolder.OnBadFile.FAIL, quiet);
        assertThat(rgb.imageSize()).isEqualTo(8 * 12 * 3);
        // Channels first (NCHW): the red plane, then the green one, then the blue one.
        assertThat(rgb.pixel(0, 0)).isEqualTo(255);
        assertThat(rgb.pixel(0, 1)).as("red of the second pixel").isEqualTo(255);
        assertThat(rgb.pixel(0, 8 * 12)).as("green of the first pixel").isZero();
        assertThat(rgb.pixel(0, 2 * 8 * 12)).as("blue of the first pixel").isZero();
        assertThat(rgb.pixel(2, 2 * 8 * 12 + 5)).as("blue image, blue plane").isGreaterThan(240);
    }

    @Test
    void subdirectoriesAreClasses() throws IOException {
        png(dir.resolve("cat/1.png"), 5, 5, Color.GRAY, BufferedImage.TYPE_INT_RGB);
        png(dir.resolve("cat/2.png"), 5, 5, Color.GRAY, BufferedImage.TYPE_INT_RGB);
        png(dir.resolve("ant/1.png"), 5, 5, Color.GRAY, BufferedImage.TYPE_INT_RGB);
        Files.writeString(dir.resolve("cat/.DS_Store"), "ignored");
        ImageDataset d = ImageFolder.load(dir, 4, 4, 1, ImageFolder.OnBadFile.FAIL, quiet);
        assertThat(d.hasLabels()).isTrue();
        assertThat(d.labels()).containsExactly(0, 1, 1); // ant = 0, cat = 1, in sorted path order
        assertThat(d.name()).contains("2 classes");
    }

    @Test
    void aNonImageFileFailsByNameOrIsSkippedOnRequest() throws IOException {
        png(dir.resolve("ok.png"), 5, 5, Color.GRAY, BufferedImage.TYPE_INT_RGB);
        Path bad = Files.writeString(dir.resolve("notes.png"), "this is not a PNG");
        assertThatThrownBy(() -> ImageFolder.load(dir, 4, 4, 1, ImageFolder.OnBadFile.FAIL, quiet))
                .isInstanceOf(ImageFolderException.class)
                .hasMessageStartingWith(bad + ": not a readable image");
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        ImageDataset d = ImageFolder.load(dir, 4, 4, 1, ImageFolder.OnBadFile.SKIP,
                new PrintStream(report, true, StandardCharsets.UTF_8));
        assertThat(d.size()).isEqualTo(1);
        assertThat(report.toString(StandardCharsets.UTF_8)).contains("Skipped 1").contains("notes.png");
    }

    @Test
    void aFolderWithoutImagesIsAnError() throws IOException {
        assertThatThrownBy(() -> ImageFolder.load(dir, 28, 28, 1, ImageFolder.OnBadFile.FAIL, quiet))
                .isInstanceOf(ImageFolderException.class)
                .hasMessageStartingWith(dir + ": no images found");
        assertThatThrownBy(() -> ImageFolder.load(dir, 28, 28, 2, ImageFolder.OnBadFile.FAIL, quiet))
                .hasMessage("channels must be 1 or 3, got 2");
    }
}
