package org.gan4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.gan4j.nn.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** (In gan-nd4j for its ND4J backend: gan-api tests have none.) Labels read with their images, and each way they can disagree refused in one line naming the file. */
class LabelledImagesTest {

    @TempDir
    Path dir;

    /** An IDX1 label file of these labels. */
    static byte[] labels(int... values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x0801);
        out.writeInt(values.length);
        for (int v : values) {
            out.writeByte(v);
        }
        return bytes.toByteArray();
    }

    private Path write(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return file;
    }

    @Test
    void readsImagesWithTheirLabelsAndNames() throws IOException {
        Path images = write("t10k-images-idx3-ubyte", IdxFileTest.idx(8, new int[] {3, 2, 2}, 12));
        Path labels = write("t10k-labels-idx1-ubyte.gz", IdxFileTest.gzip(labels(1, 0, 9)));
        LabelledImages l = LabelledImages.loadIdx(images, labels, LabelledImages.MNIST_CLASSES);
        assertThat(l.size()).isEqualTo(3);
        assertThat(l.labels()).containsExactly(1, 0, 9);
        assertThat(l.classNames()).hasSize(10).startsWith("0");
        assertThat(l.imageShape()).isEqualTo(Shape.image(1, 2, 2));
        assertThat(l.images().dataType()).isEqualTo(DataType.FLOAT);
        assertThat(l.images().shape()).containsExactly(3, 4);
        // byte i -> ((i / 255) - 0.5) / 0.5, the same scaling as ImageDataset
        assertThat(l.images().getFloat(0, 1)).isEqualTo(((1 / 255f) - 0.5f) / 0.5f);
        assertThat(LabelledImages.loadIdx(dir, "t10k", null).classNames()).containsExactly("0", "1", "2", "3",
                "4", "5", "6", "7", "8", "9");
    }

    @Test
    void refusesACountMismatchNamingTheLabelsFile() throws IOException {
        Path images = write("i", IdxFileTest.idx(8, new int[] {3, 2, 2}, 12));
        Path labels = write("l", labels(1, 0));
        assertThatThrownBy(() -> LabelledImages.loadIdx(images, labels, LabelledImages.MNIST_CLASSES))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageStartingWith(labels.toString())
                .hasMessageContaining("2 labels for 3 images")
                .hasMessageNotContaining("\n");
    }

    @Test
    void refusesALabelOutsideTheClasses() throws IOException {
        Path images = write("i", IdxFileTest.idx(8, new int[] {3, 2, 2}, 12));
        Path labels = write("l", labels(1, 12, 0));
        assertThatThrownBy(() -> LabelledImages.loadIdx(images, labels, LabelledImages.FASHION_MNIST_CLASSES))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageStartingWith(labels.toString())
                .hasMessageContaining("label 12 of image 1 is outside the 10 classes [0, 9]");
    }

    @Test
    void refusesALabelsFileWithoutImages() throws IOException {
        write("train-labels-idx1-ubyte", labels(1, 0));
        assertThatThrownBy(() -> LabelledImages.loadIdx(dir, "train", null))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("train-images-idx3-ubyte")
                .hasMessageContaining("a labels file without images");
        assertThatThrownBy(() -> LabelledImages.load(dir, 28, 28, 1))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("a labels file without images");
    }

    @Test
    void refusesImagesWithoutLabelsAndASingleClass() throws IOException {
        write("train-images-idx3-ubyte", IdxFileTest.idx(8, new int[] {2, 2, 2}, 8));
        assertThatThrownBy(() -> LabelledImages.loadIdx(dir, "train", null))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("labels file missing");
        write("train-labels-idx1-ubyte", labels(0, 0));
        assertThatThrownBy(() -> LabelledImages.load(dir, 28, 28, 1))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("train-labels-idx1-ubyte")
                .hasMessageContaining("at least 2 classes");
    }

    @Test
    void foldersAreClassesNamedAndSorted() throws IOException {
        for (String c : List.of("dog", "cat", "emu")) {
            Files.createDirectories(dir.resolve(c));
            ImageFolderTest.png(dir.resolve(c).resolve("a.png"), 6, 6, Color.GRAY, BufferedImage.TYPE_INT_RGB);
            ImageFolderTest.png(dir.resolve(c).resolve("b.png"), 6, 6, Color.WHITE, BufferedImage.TYPE_INT_RGB);
        }
        LabelledImages l = LabelledImages.load(dir, 8, 8, 3);
        assertThat(l.classNames()).containsExactly("cat", "dog", "emu");
        assertThat(l.labels()).containsExactly(0, 0, 1, 1, 2, 2);
        assertThat(l.imageShape()).isEqualTo(Shape.image(3, 8, 8));
    }

    @Test
    void refusesAFolderOfOneClassOrWithoutClasses() throws IOException {
        Files.createDirectories(dir.resolve("only"));
        ImageFolderTest.png(dir.resolve("only").resolve("a.png"), 4, 4, Color.GRAY, BufferedImage.TYPE_INT_RGB);
        assertThatThrownBy(() -> LabelledImages.imageFolder(dir, 8, 8, 1))
                .isInstanceOf(ImageFolderException.class)
                .hasMessageStartingWith(dir.toString())
                .hasMessageContaining("at least 2 classes (sub-directories), found 1 [only]");
        ImageFolderTest.png(dir.resolve("loose.png"), 4, 4, Color.GRAY, BufferedImage.TYPE_INT_RGB);
        assertThatThrownBy(() -> LabelledImages.imageFolder(dir, 8, 8, 1))
                .isInstanceOf(ImageFolderException.class)
                .hasMessageContaining("no classes");
    }

    @Test
    void splitAndSubsetKeepLabelsWithTheirImages() {
        float[][] rows = {{0, 0, 0, 0}, {1, 1, 1, 1}, {0.5f, 0.5f, 0.5f, 0.5f}, {-1, -1, -1, -1}};
        LabelledImages l = LabelledImages.of("four", Nd4j.createFromArray(rows), new int[] {0, 1, 1, 0},
                List.of("a", "b"), Shape.image(1, 2, 2));
        LabelledImages.Split s = l.split(3);
        assertThat(s.first().size()).isEqualTo(3);
        assertThat(s.rest().labels()).containsExactly(0);
        assertThat(s.rest().images().getFloat(0, 0)).isEqualTo(-1f);
        LabelledImages sub = l.subset(new int[] {2, 0});
        assertThat(sub.labels()).containsExactly(1, 0);
        assertThat(sub.images().getFloat(0, 3)).isEqualTo(0.5f);
        assertThatThrownBy(() -> l.split(4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("firstCount must be in [1, 3]");
        assertThatThrownBy(() -> LabelledImages.of("bad", Nd4j.createFromArray(rows), new int[] {0, 1, 2, 0},
                List.of("a", "b"), Shape.image(1, 2, 2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad: label 2 of image 2");
    }

    @Test
    void theEmbeddedDigitsHaveTheirLabels() throws IOException {
        LabelledImages digits = LabelledImages.embeddedMnist();
        assertThat(digits.size()).isEqualTo(10_000);
        assertThat(digits.classNames()).isEqualTo(LabelledImages.MNIST_CLASSES);
        assertThat(digits.label(0)).isEqualTo(7); // the MNIST test set opens with a 7, a 2 and a 1
        assertThat(digits.label(1)).isEqualTo(2);
        assertThat(digits.label(2)).isEqualTo(1);
        assertThat(digits.images().maxNumber().floatValue()).isEqualTo(1f);
        assertThat(digits.images().minNumber().floatValue()).isEqualTo(-1f);
    }
}
