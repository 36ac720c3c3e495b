package org.gan4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatasetsTest {

    /** Declares a shape it never has to hold: only its sizes are read before the check. */
    private record Declared(int size, int height, int width, int channels) implements Dataset {
        @Override
        public String name() {
            return "declared";
        }

        @Override
        public void copyImages(int[] indices, int from, int count, float[] dest) {
            throw new AssertionError("must be refused before copying");
        }

        @Override
        public boolean hasLabels() {
            return false;
        }

        @Override
        public int label(int index) {
            throw new IllegalStateException();
        }
    }

    @Test
    void firstImagesRefusesAShapeWhoseValuesOverflowAnInt() {
        // 2 x 40000 x 40000 = 3.2e9 values: in int arithmetic a negative array size.
        assertThatThrownBy(() -> Datasets.firstImages(new Declared(2, 40000, 40000, 1), 16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("2 images of 40000x40000x1 from declared are 3200000000 values, more than one array holds");
    }

    @Test
    void firstTakesAView() {
        Dataset d = new ImageDataset("d", new byte[12], 3, 2, 2, 1, null);
        assertThat(Datasets.first(d, 2).size()).isEqualTo(2);
        assertThatThrownBy(() -> Datasets.first(d, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("count must be in [1, 3] for d, got 4");
    }
}
