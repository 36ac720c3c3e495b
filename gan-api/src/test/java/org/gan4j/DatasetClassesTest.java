package org.gan4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.data.ImageDataset;
import org.gan4j.data.ImageFolder;
import org.gan4j.data.LabelledImages;
import org.gan4j.data.RemoteDataset;
import org.gan4j.nn.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classes of a conditional run read from a labelled dataset: its names (Fashion-MNIST's, an image folder's) or
 * its numbered labels; a given count that differs from a dataset's refused naming both; a count given alone taking
 * the dataset's names.
 */
class DatasetClassesTest {

    @TempDir
    Path tmp;

    /** {@code n} blank 28x28 images labelled {@code i % classes}. */
    private static ImageDataset blank(String name, int n, int classes) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
        }
        return new ImageDataset(name, new byte[n * 784], n, 28, 28, 1, labels);
    }

    @Test
    void classesFromADatasetTakeItsNamesOrNumberItsLabels() {
        ImageDataset fashion = blank("fashion", 100, 10).withClassNames(LabelledImages.FASHION_MNIST_CLASSES);
        GanConfig c = Recipes.mlpTuned().classesFrom(fashion).build();
        assertThat(c.classNames()).isEqualTo(LabelledImages.FASHION_MNIST_CLASSES);
        assertThat(c.generatorSpec(Shape.image(1, 28, 28)).inputShape()).isEqualTo(Shape.vector(74));
        assertThat(c.discriminatorSpec(Shape.image(1, 28, 28)).inputShape()).isEqualTo(Shape.vector(794));
        c.checkDataset(fashion); // as many classes, every label inside them

        // no names: "0" to the largest label, and the networks as wide as that
        GanConfig five = Recipes.cgan().classesFrom(blank("five", 100, 5)).build();
        assertThat(five.classNames()).containsExactly("0", "1", "2", "3", "4");
        assertThat(five.generatorSpec(Shape.image(1, 28, 28)).inputShape()).isEqualTo(Shape.vector(69));
        assertThat(five.discriminatorSpec(Shape.image(1, 28, 28)).inputShape()).isEqualTo(Shape.vector(789));

        ImageDataset unlabelled = new ImageDataset("plain images", new byte[784 * 64], 64, 28, 28, 1, null);
        assertThatThrownBy(() -> Gan.builder().classesFrom(unlabelled)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("classesFrom: plain images has no labels");
        assertThatThrownBy(() -> Gan.builder().classesFrom(blank("one class", 64, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("classesFrom: one class has one class (every label is 0)");
    }

    @Test
    void aGivenCountThatDiffersFromTheDatasetsClassesIsRefusedNamingBoth() {
        ImageDataset five = blank("five things", 100, 5).withClassNames(List.of("a", "b", "c", "d", "e"));
        assertThatThrownBy(() -> Recipes.cgan().build().checkDataset(five))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("classes: the configuration has 10 classes but five things has 5 (a, b, c, d, "
                        + "e)").hasMessageContaining("classes(5)").hasMessageContaining("classesFrom(dataset)");
        // a dataset without names: its labels must be inside the given classes (the message names both)
        assertThatThrownBy(() -> Gan.builder().classes(3).build().checkDataset(blank("digits", 100, 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image 3 of digits has label 3, outside the configuration's 3 classes");
    }

    @Test
    void aCountGivenAloneTakesTheNamesOfADatasetNamingAsManyClasses() {
        ImageDataset fashion = blank("fashion", 100, 10).withClassNames(LabelledImages.FASHION_MNIST_CLASSES);
        GanConfig given = Recipes.cgan().build();
        GanConfig adopted = ClassLabels.withDatasetNames(given, fashion);
        assertThat(adopted.classNames()).isEqualTo(LabelledImages.FASHION_MNIST_CLASSES);
        assertThat(adopted.spec()).as("names are not part of the spec").isEqualTo(given.spec());
        // names given by the user are kept; an unnamed dataset, an unconditional run change nothing
        GanConfig custom = Recipes.mlpTuned().classNames(List.of("z", "o", "t", "th", "f", "fi", "s", "se", "e", "n"))
                .build();
        assertThat(ClassLabels.withDatasetNames(custom, fashion)).isSameAs(custom);
        assertThat(ClassLabels.withDatasetNames(given, blank("digits", 100, 10))).isSameAs(given);
        GanConfig plain = Recipes.mlpTuned().build();
        assertThat(ClassLabels.withDatasetNames(plain, fashion)).isSameAs(plain);
    }

    @Test
    void namesTravelWithTheDatasetAndAreCheckedAgainstItsLabels() {
        ImageDataset named = blank("x", 20, 4).withClassNames(List.of("a", "b", "c", "d"));
        Dataset first = Datasets.first(named, 3);
        assertThat(first.classNames()).as("the first 3 images keep all 4 classes").containsExactly("a", "b", "c",
                "d");
        assertThat(ClassLabels.namesOf(first)).containsExactly("a", "b", "c", "d");
        assertThat(blank("x", 20, 4).classNames()).isEmpty();
        assertThatThrownBy(() -> blank("x", 20, 4).withClassNames(List.of("a", "b", "c")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x: image 3 has label 3, which none of the 3 class names [a, b, c] names");
        assertThatThrownBy(() -> blank("x", 20, 2).withClassNames(List.of("a", "a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x: classNames: name 1 ('a')");
    }

    @Test
    void publishedDatasetsAndImageFoldersNameTheirClasses() throws IOException {
        assertThat(RemoteDataset.FASHION_MNIST.classNames()).isEqualTo(LabelledImages.FASHION_MNIST_CLASSES);
        assertThat(RemoteDataset.FASHION_MNIST_T10K.withMirrors(List.of(java.net.URI.create("http://x/")))
                .classNames()).as("recognised by the labels' checksum, from any mirror")
                .isEqualTo(LabelledImages.FASHION_MNIST_CLASSES);
        assertThat(RemoteDataset.MNIST.classNames()).isEqualTo(LabelledImages.MNIST_CLASSES);
        assertThat(new RemoteDataset("other", RemoteDataset.MNIST.images(),
                new RemoteDataset.RemoteFile("l.gz", "0123456789abcdef0123456789abcdef"), List.of(), List.of())
                .classNames()).isEmpty();

        Path dir = tmp.resolve("pets");
        for (String pet : List.of("dog", "cat", "bird")) {
            Files.createDirectories(dir.resolve(pet));
            BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
            image.setRGB(0, 0, Color.WHITE.getRGB());
            javax.imageio.ImageIO.write(image, "png", dir.resolve(pet).resolve("1.png").toFile());
        }
        ImageDataset pets = ImageFolder.load(dir, 28, 28, 1, ImageFolder.OnBadFile.FAIL, System.out);
        assertThat(pets.classNames()).containsExactly("bird", "cat", "dog");
        assertThat(Recipes.cgan().classesFrom(pets).build().classNames()).containsExactly("bird", "cat", "dog");
        Files.createDirectories(tmp.resolve("one").resolve("only"));
        Files.copy(dir.resolve("dog").resolve("1.png"), tmp.resolve("one").resolve("only").resolve("1.png"));
        assertThat(ImageFolder.load(tmp.resolve("one"), 28, 28, 1, ImageFolder.OnBadFile.FAIL, System.out)
                .classNames()).as("one class: not named").isEmpty();
    }
}
