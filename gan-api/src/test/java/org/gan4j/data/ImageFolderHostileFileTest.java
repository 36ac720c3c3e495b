package org.gan4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.gan4j.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image files whose headers declare huge sizes (decompression bombs, or a few bytes of header claiming gigabytes).
 * Each must be refused or skipped from its header, before a decoder allocates a raster of the declared size: the
 * memory tests run the folder in a child JVM with a 64 MB heap, where decoding any of them would end in an
 * {@link OutOfMemoryError}.
 */
class ImageFolderHostileFileTest {

    private static final String LIMIT = "more than the limit of 178956970";

    @TempDir
    Path dir;

    private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    /**
     * A 154-byte BMP: file header, BITMAPINFOHEADER declaring {@code width x height} at 24 bits, 100 bytes of data.
     * The file header claims the file size the pixels would need (the JDK's reader trusts it).
     */
    static byte[] bmpHeader(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(154).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt((int) (54 + 3L * width * height)).putInt(0).putInt(54);
        b.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24)
                .putInt(0).putInt(0).putInt(2835).putInt(2835).putInt(0).putInt(0);
        return b.array();
    }

    private static byte[] encode(String format, int type) throws IOException {
        BufferedImage img = new BufferedImage(8, 8, type);
        img.getGraphics().fillRect(0, 0, 8, 8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).isTrue();
        return out.toByteArray();
    }

    /** A real 8x8 PNG whose IHDR (and its CRC) is patched to declare {@code width x height}. */
    static byte[] pngDeclaring(int width, int height) throws IOException {
        byte[] png = encode("png", BufferedImage.TYPE_INT_RGB);
        ByteBuffer b = ByteBuffer.wrap(png); // signature (8), IHDR length (4), "IHDR" at 12, width at 16, height at 20
        assertThat(new String(png, 12, 4, StandardCharsets.US_ASCII)).isEqualTo("IHDR");
        b.putInt(16, width).putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17); // chunk type and its 13 bytes of data
        b.putInt(29, (int) crc.getValue());
        return png;
    }

    /**
     * A valid 8-bit grey PNG of {@code width x height} black pixels, a decompression bomb: about 1 KB per MB of
     * pixels (20000x20000 is a 400 KB file that decodes to 400 MB). Built without deflating all of it: one block of
     * zero rows is compressed once after a full flush (no back-references before it), then repeated.
     */
    static byte[] pngBomb(int width, int height) throws IOException {
        int rowsPerBlock = 50;
        assertThat(height % rowsPerBlock).isZero();
        byte[] block = new byte[rowsPerBlock * (width + 1)]; // each row: filter type 0, then the pixels
        Deflater deflater = new Deflater(9, true);
        deflater.setInput(block);
        byte[] compressed = deflateAll(deflater, Deflater.FULL_FLUSH);
        deflater.finish();
        byte[] last = deflateAll(deflater, Deflater.NO_FLUSH);
        deflater.end();
        Adler32 adler = new Adler32();
        ByteArrayOutputStream zlib = new ByteArrayOutputStream();
        zlib.write(new byte[] {0x78, 0x01});
        for (int i = 0; i < height / rowsPerBlock; i++) {
            zlib.write(compressed);
            adler.update(block);
        }
        zlib.write(last);
        zlib.write(ByteBuffer.allocate(4).putInt((int) adler.getValue()).array());
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(png, "IDAT", zlib.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static byte[] deflateAll(Deflater deflater, int flush) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = deflater.deflate(buffer, 0, buffer.length, flush)) > 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.write(ByteBuffer.allocate(4).putInt(data.length).array());
        png.write(typeBytes);
        png.write(data);
        png.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A real 8x8 GIF whose logical screen and first image descriptor are patched to declare {@code width x height}. */
    static byte[] gifDeclaring(int width, int height) throws IOException {
        byte[] gif = encode("gif", BufferedImage.TYPE_BYTE_INDEXED);
        ByteBuffer b = ByteBuffer.wrap(gif).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(6, (short) width).putShort(8, (short) height);
        int at = 13;
        int flags = gif[10] & 0xFF;
        if ((flags & 0x80) != 0) {
            at += 3 << ((flags & 7) + 1); // global colour table
        }
        while (gif[at] == 0x21) { // extensions: introducer, label, sub-blocks up to an empty one
            at += 2;
            while (gif[at] != 0) {
                at += (gif[at] & 0xFF) + 1;
            }
            at++;
        }
        assertThat(gif[at]).as("image descriptor").isEqualTo((byte) 0x2C);
        b.putShort(at + 5, (short) width).putShort(at + 7, (short) height);
        return gif;
    }

    private Path folderWith(String name, byte[] content) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name.replace('.', '-')));
        ImageFolderTest.png(folder.resolve("ok.png"), 5, 5, Color.GRAY, BufferedImage.TYPE_INT_RGB);
        Files.write(folder.resolve(name), content);
        return folder;
    }

    @Test
    void theBombIsAValidPng() throws IOException {
        byte[] bomb = pngBomb(300, 200);
        BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(bomb));
        assertThat(image.getWidth()).isEqualTo(300);
        assertThat(image.getHeight()).isEqualTo(200);
        assertThat(image.getRGB(299, 199) & 0xFFFFFF).isZero();
        assertThat(pngBomb(20000, 20000).length).isLessThan(1 << 20);
    }

    @Test
    void aTinyBmpHeaderDeclaring20000x20000IsSkippedWithoutDecodingInA64MbHeap() throws Exception {
        Path folder = folderWith("huge.bmp", bmpHeader(20000, 20000));
        ChildJvm.Result r = SmallHeap.run("64m", List.of(), "folder", folder.toString(), "4", "4", "1", "skip");
        assertThat(r.status()).as(r.output()).isZero();
        assertThat(r.output()).contains("Skipped 1 unreadable file(s) in " + folder + ": [" + folder.resolve("huge.bmp")
                + " (declares 20000x20000 = 400000000 pixels, " + LIMIT + ")]").contains("loaded: " + folder + " (1 ");
    }

    @Test
    void pngAndGifDeclaringHugeSizesAreRefusedByNameInA64MbHeap() throws Exception {
        for (String name : List.of("bomb.png", "huge.png", "huge.gif", "huge.bmp")) {
            byte[] content = switch (name) {
                case "bomb.png" -> pngBomb(20000, 20000);
                case "huge.png" -> pngDeclaring(20000, 20000);
                case "huge.gif" -> gifDeclaring(20000, 20000);
                default -> bmpHeader(20000, 20000);
            };
            Path folder = folderWith(name, content);
            ChildJvm.Result r = SmallHeap.run("64m", List.of(), "folder", folder.toString(), "4", "4", "1", "fail");
            assertThat(r.status()).as(r.output()).isEqualTo(2);
            assertThat(r.output()).isEqualTo("refused: ImageFolderException: " + folder.resolve(name)
                    + ": declares 20000x20000 = 400000000 pixels, " + LIMIT + " (-Dgan4j.maxImagePixels); raise the"
                    + " limit, remove the file or skip unreadable files\n");
        }
    }

    @Test
    void theLimitIsSetPerCallOrByTheSystemProperty() throws IOException {
        ImageFolderTest.png(dir.resolve("a.png"), 4, 4, Color.GRAY, BufferedImage.TYPE_INT_RGB);
        assertThatThrownBy(() -> ImageFolder.load(dir, 2, 2, 1, ImageFolder.OnBadFile.FAIL, quiet, 15))
                .isInstanceOf(ImageFolderException.class)
                .hasMessageStartingWith(dir.resolve("a.png") + ": declares 4x4 = 16 pixels, more than the limit of 15");
        assertThat(ImageFolder.load(dir, 2, 2, 1, ImageFolder.OnBadFile.FAIL, quiet, 16).size()).isEqualTo(1);
        assertThatThrownBy(() -> ImageFolder.load(dir, 2, 2, 1, ImageFolder.OnBadFile.FAIL, quiet, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxPixels must be positive, got 0");
        assertThat(ImageFolder.maxImagePixels()).isEqualTo(ImageFolder.DEFAULT_MAX_IMAGE_PIXELS);
        try {
            System.setProperty(ImageFolder.MAX_IMAGE_PIXELS_PROPERTY, "15");
            assertThat(ImageFolder.maxImagePixels()).isEqualTo(15);
            assertThatThrownBy(() -> ImageFolder.load(dir, 2, 2, 1, ImageFolder.OnBadFile.FAIL, quiet))
                    .isInstanceOf(ImageFolderException.class).hasMessageContaining("more than the limit of 15");
            System.setProperty(ImageFolder.MAX_IMAGE_PIXELS_PROPERTY, "lots");
            assertThatThrownBy(() -> ImageFolder.load(dir, 2, 2, 1, ImageFolder.OnBadFile.FAIL, quiet))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("system property gan4j.maxImagePixels must be a positive number of pixels, e.g."
                            + " 178956970, got 'lots'");
        } finally {
            System.clearProperty(ImageFolder.MAX_IMAGE_PIXELS_PROPERTY);
        }
    }

    @Test
    void sizesThatCannotFitOneArrayAreRefusedBeforeDecoding() throws IOException {
        for (String name : List.of("a.png", "b.png", "c.png")) {
            ImageFolderTest.png(dir.resolve(name), 2, 2, Color.GRAY, BufferedImage.TYPE_INT_RGB);
        }
        // 50000 * 50000 overflows an int; 3 images of 30000 x 30000 overflow the one array they would share.
        assertThatThrownBy(() -> ImageFolder.load(dir, 50000, 50000, 1, ImageFolder.OnBadFile.FAIL, quiet))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("image size 50000x50000x1 needs 2500000000 bytes per image, more than the 2147483631 an"
                        + " array holds");
        assertThatThrownBy(() -> ImageFolder.load(dir, 30000, 30000, 1, ImageFolder.OnBadFile.FAIL, quiet))
                .isInstanceOf(ImageFolderException.class)
                .hasMessage(dir + ": 3 files of 30000x30000x1 would need 2700000000 bytes, more than the 2147483631"
                        + " (2 GB) a dataset holds; use a smaller image size or fewer files");
    }
}
