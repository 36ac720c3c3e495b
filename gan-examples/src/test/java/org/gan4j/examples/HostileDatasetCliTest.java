package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --dataset DIR} on hostile files: a tiny IDX file declaring two million images, a gzip file with bytes
 * after its member, a BMP header declaring 20000x20000. Each is one line naming the file, status 1, and no run
 * directory; the BMP is skipped with {@code --skip-bad-images}. (Memory bounds are tested in gan-api, in a child JVM
 * with a 64 MB heap: IdxHostileFileTest, ImageFolderHostileFileTest.)
 */
class HostileDatasetCliTest {

    @TempDir
    Path tmp;

    private static byte[] idxHeader(int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length).put(new byte[] {0, 0, 8, (byte) dims.length});
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(raw);
        }
        return bytes.toByteArray();
    }

    @Test
    void aTinyIdxFileDeclaringTwoMillionImagesIsOneLine() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path images = data.resolve("train-images-idx3-ubyte");
        Files.write(images, ByteBuffer.allocate(116).put(idxHeader(2_000_000, 28, 28)).array());
        Path run = tmp.resolve("run");
        CliTest.Run r = CliTest.run("train", "--dataset", data.toString(), "--run-dir", run.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.errLines()).containsExactly("gan4j: error: " + images
                + ": data is truncated: dimensions [2000000, 28, 28] need 1568000000 bytes, found 100");
        assertThat(run).doesNotExist();
    }

    @Test
    void garbageAfterAGzipIdxFileIsOneLine() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path images = data.resolve("train-images-idx3-ubyte.gz");
        byte[] good = gzip(ByteBuffer.allocate(16 + 2 * 28 * 28).put(idxHeader(2, 28, 28)).array());
        Files.write(images, ByteBuffer.allocate(good.length + 4).put(good).put("junk".getBytes()).array());
        Path run = tmp.resolve("run");
        CliTest.Run r = CliTest.run("train", "--dataset", data.toString(), "--run-dir", run.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.errLines()).containsExactly("gan4j: error: " + images + ": unexpected data after the end of"
                + " the gzip stream at byte " + good.length + " (a second gzip member or other bytes); an IDX .gz file"
                + " is one gzip member");
        assertThat(run).doesNotExist();
    }

    @Test
    void aBmpHeaderDeclaring20000x20000IsRefusedByNameOrSkipped() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("images"));
        for (int i = 0; i < 4; i++) {
            BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
            img.getGraphics().setColor(Color.WHITE);
            img.getGraphics().fillRect(0, 0, 4, 8);
            ImageIO.write(img, "png", folder.resolve(i + ".png").toFile());
        }
        // 154 bytes: file header (claiming the size the pixels would need), BITMAPINFOHEADER, 100 bytes of data.
        Path bmp = folder.resolve("huge.bmp");
        Files.write(bmp, ByteBuffer.allocate(154).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 'B').put((byte) 'M').putInt((int) (54 + 3L * 20000 * 20000)).putInt(0).putInt(54)
                .putInt(40).putInt(20000).putInt(20000).putShort((short) 1).putShort((short) 24)
                .putInt(0).putInt(0).putInt(2835).putInt(2835).putInt(0).putInt(0).array());
        Path run = tmp.resolve("run");
        CliTest.Run r = CliTest.run("train", "--dataset", folder.toString(), "--image-size", "8x8", "--run-dir",
                run.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.errLines()).containsExactly("gan4j: error: " + bmp + ": declares 20000x20000 = 400000000 pixels,"
                + " more than the limit of 178956970 (-Dgan4j.maxImagePixels); raise the limit, remove the file or"
                + " skip unreadable files");
        assertThat(run).doesNotExist();
        CliTest.Run skip = CliTest.run("train", "--dataset", folder.toString(), "--image-size", "8x8",
                "--skip-bad-images", "--batch-size", "2", "--steps", "1", "--run-dir", run.toString());
        assertThat(skip.status()).as(skip.err()).isZero();
        assertThat(skip.out()).contains("4 images, 8x8x1");
    }
}
