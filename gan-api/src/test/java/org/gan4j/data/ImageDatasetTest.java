package org.gan4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageDatasetTest {

    private static ImageDataset threeImages() {
        byte[] pixels = {0, 10, 20, 30, (byte) 200, (byte) 210, (byte) 220, (byte) 230, 1, 2, 3, 4};
        return new ImageDataset("/tmp/copy/t10k-images-idx3-ubyte.gz", pixels, 3, 2, 2, 1, new int[] {1, 0, 1})
                .withClassNames(List.of("a", "b"));
    }

    @Test
    void aRenamedDatasetKeepsItsImagesLabelsAndClassNamesUnderTheNewName() {
        ImageDataset original = threeImages();
        ImageDataset renamed = original.withName("hdfs://nn/gan/mnist/t10k-images-idx3-ubyte.gz");
        assertThat(renamed.name()).isEqualTo("hdfs://nn/gan/mnist/t10k-images-idx3-ubyte.gz");
        assertThat(original.name()).isEqualTo("/tmp/copy/t10k-images-idx3-ubyte.gz");
        assertThat(renamed.classNames()).containsExactly("a", "b");
        assertThat(new int[] {renamed.label(0), renamed.label(1), renamed.label(2)}).containsExactly(1, 0, 1);
        float[] a = new float[8];
        float[] b = new float[8];
        original.copyImages(new int[] {2, 1}, 0, 2, a);
        renamed.copyImages(new int[] {2, 1}, 0, 2, b);
        assertThat(b).containsExactly(a);
        assertThat(b[4]).isNotEqualTo(b[0]); // two different images were copied
    }

    @Test
    void anEmptyNameIsRefused() {
        assertThatThrownBy(() -> threeImages().withName("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
    }
}
