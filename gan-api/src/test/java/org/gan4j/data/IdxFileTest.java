package org.gan4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {

    @TempDir
    Path dir;

    static byte[] idx(int type, int[] dims, int dataBytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeShort(0);
        out.writeByte(type);
        out.writeByte(dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        for (int i = 0; i < dataBytes; i++) {
            out.writeByte(i % 251);
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(raw);
        }
        return bytes.toByteArray();
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void readsRawAndGzipImagesWithLabels() throws IOException {
        write("train-images-idx3-ubyte.gz", gzip(idx(8, new int[] {3, 2, 2}, 12)));
        write("train-labels-idx1-ubyte", idx(8, new int[] {3}, 3));
        ImageDataset d = Mnist.load(dir);
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.height()).isEqualTo(2);
        assertThat(d.width()).isEqualTo(2);
        assertThat(d.channels()).isEqualTo(1);
        assertThat(d.hasLabels()).isTrue();
        assertThat(d.labels()).containsExactly(0, 1, 2);
        assertThat(d.pixel(2, 3)).isEqualTo(11);
        float[] batch = new float[8];
        d.copyImages(new int[] {2, 0}, 0, 2, batch);
        // pixel 8 of the data is image 2, offset 0: value 8 -> 8/127.5 - 1
        assertThat(batch[0]).isEqualTo(((8 / 255f) - 0.5f) / 0.5f);
        assertThat(batch[4]).isEqualTo(-1f);
    }

    @Test
    void realMnistTestSetLoads() throws IOException {
        ImageDataset d = Mnist.load(Path.of("..", "data", "mnist"));
        assertThat(d.size()).isEqualTo(10_000);
        assertThat(d.imageSize()).isEqualTo(784);
        assertThat(d.label(0)).isEqualTo(7); // the first test digit is a 7
    }

    @Test
    void emptyFile() throws IOException {
        Path f = write("empty", new byte[0]);
        assertThatThrownBy(() -> IdxFile.read(f, 3)).isInstanceOf(IdxFormatException.class)
                .hasMessage(f + ": file is empty, expected an IDX file");
    }

    @Test
    void wrongMagic() throws IOException {
        Path f = write("magic", idx(0x0D, new int[] {1, 2, 2}, 4));
        assertThatThrownBy(() -> IdxFile.read(f, 3)).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("magic number: expected 0x00000803")
                .hasMessageContaining("found 0x00000D03");
    }

    @Test
    void wrongNumberOfDimensions() throws IOException {
        Path f = write("rank", idx(8, new int[] {4}, 4));
        assertThatThrownBy(() -> IdxFile.read(f, 3)).isInstanceOf(IdxFormatException.class)
                .hasMessage(f + ": number of dimensions: expected 3, found 1");
    }

    @Test
    void zeroDimension() throws IOException {
        Path f = write("zero", idx(8, new int[] {2, 0, 2}, 0));
        assertThatThrownBy(() -> IdxFile.read(f, 3)).isInstanceOf(IdxFormatException.class)
                .hasMessage(f + ": dimension 1: expected a positive size, found 0");
    }

    @Test
    void truncatedData() throws IOException {
        Path f = write("short", idx(8, new int[] {2, 2, 2}, 5));
        assertThatThrownBy(() -> IdxFile.read(f, 3)).isInstanceOf(IdxFormatException.class)
                .hasMessage(f + ": data is truncated: dimensions [2, 2, 2] need 8 bytes, found 5");
    }

    @Test
    void trailingBytes() throws IOException {
        Path f = write("long", idx(8, new int[] {2, 2, 2}, 11));
        assertThatThrownBy(() -> IdxFile.read(f, 3)).isInstanceOf(IdxFormatException.class)
                .hasMessage(f + ": 3 unexpected bytes after the 8 bytes of data that dimensions [2, 2, 2] declare");
    }

    @Test
    void gzipCutInHalf() throws IOException {
        byte[] gz = gzip(idx(8, new int[] {50, 10, 10}, 5000));
        Path f = write("cut.gz", Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> IdxFile.read(f, 3)).isInstanceOf(IdxFormatException.class)
                .hasMessageStartingWith(f + ": gzip data is truncated or corrupt");
    }

    @Test
    void labelCountDiffersFromImageCount() throws IOException {
        Path images = write("i", idx(8, new int[] {3, 2, 2}, 12));
        Path labels = write("l", idx(8, new int[] {4}, 4));
        assertThatThrownBy(() -> Mnist.load(images, labels)).isInstanceOf(IdxFormatException.class)
                .hasMessage(labels + ": number of labels: expected 3 (one per image in " + images + "), found 4");
    }

    @Test
    void directoryWithoutImages() throws IOException {
        write("readme.txt", new byte[] {1});
        assertThatThrownBy(() -> Mnist.load(dir)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("train-images-idx3-ubyte");
        assertThatThrownBy(() -> Mnist.load(dir.resolve("nope"))).isInstanceOf(NoSuchFileException.class);
    }
}
