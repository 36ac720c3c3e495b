package org.gan4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gan4j.data.Dataset;
import org.junit.jupiter.api.Test;

/**
 * The memory estimate from sizes alone. gan-api's tests have no ND4J backend, so every refusal here happens before
 * anything could have been allocated; the datasets declare sizes they never hold.
 */
class MemoryEstimateTest {

    /** A dataset that only declares its sizes: asking it for pixels fails the test. */
    record Declared(int size, int height, int width, int channels) implements Dataset {
        @Override
        public String name() {
            return "declared " + size + " x " + height + "x" + width + "x" + channels;
        }

        @Override
        public void copyImages(int[] indices, int from, int count, float[] dest) {
            throw new AssertionError("the estimate must not read pixels");
        }

        @Override
        public boolean hasLabels() {
            return false;
        }

        @Override
        public int label(int index) {
            throw new AssertionError();
        }
    }

    private static final Dataset MNIST = new Declared(60_000, 28, 28, 1);

    @Test
    void everyRecipeOnMnistFitsEasily() {
        for (Recipes.Recipe recipe : Recipes.all()) {
            GanConfig config = recipe.builder().build();
            MemoryEstimate e = MemoryEstimate.training(config, MNIST);
            // sngan-hinge's critic convolves 64 and 128 channels at 28x28 and 14x14 on 128 images a pass (real and
            // generated together: no batch norm), so its activations are ~6x DCGAN's discriminator's
            long bound = recipe.name().equals("sngan-hinge") ? 512L << 20 : 200L << 20;
            assertThat(e.totalBytes()).as("%s: %s", recipe.name(), e).isLessThan(bound);
            assertThat(e.problem()).as(e.toString()).isEmpty();
            if (config.classes() == 0) { // a conditional recipe needs labels, which this declared dataset has not
                config.checkDataset(MNIST);
            }
        }
    }

    @Test
    void theReferenceEstimateCountsItsParts() {
        MemoryEstimate e = MemoryEstimate.training(Gan.builder().build(), MNIST);
        long params = Mlp.referenceGenerator().parameterCount(64, 784)
                + Mlp.referenceDiscriminator().parameterCount(784, 1);
        assertThat(e.nativeBytes()).isGreaterThanOrEqualTo(params * 4 * 2);
        assertThat(e.heapBytes()).as("MNIST's pixels are not in an ImageDataset here").isGreaterThanOrEqualTo(
                params * 4 * 7).isLessThan(20L << 20);
        assertThat(e.toString()).startsWith("training: heap ").contains("parameters and gradients");
    }

    @Test
    void aZDimOfIntegerMaxIsRefusedForItsArrays() {
        GanConfig config = Gan.builder().zDim(Integer.MAX_VALUE).build();
        assertThatThrownBy(() -> config.checkDataset(MNIST))
                .isInstanceOf(InsufficientMemoryException.class)
                .hasMessageStartingWith("training needs an array of ")
                .hasMessageContaining("more than a Java array holds (2147483639)")
                .hasMessageEndingWith("; lower batchSize, zDim, the image size or the networks' widths");
    }

    @Test
    void anImageOf3000x3000ForTheReferenceMlpIsRefused() {
        InsufficientMemoryException e = org.junit.jupiter.api.Assertions.assertThrows(
                InsufficientMemoryException.class, () -> Gan.builder().batchSize(2).build()
                        .checkDataset(new Declared(10, 3000, 3000, 1)));
        assertThat(e.estimate().totalBytes()).as("2.3e9 + 1.2e9 parameters, several copies")
                .isGreaterThan(50_000_000_000L);
        assertThat(e.getMessage()).contains("generator's parameters as bytes");
        assertThat(e.advising("lower --image-size")).endsWith("; lower --image-size");
    }

    @Test
    void moreThanTheProcessMayUseIsRefusedWithTheEstimateAndTheLimit() {
        // a million-image batch: no single array beyond Java's limit, but 784 x 1e6 x 4 bytes many times over
        Dataset big = new Declared(1_000_000, 28, 28, 1);
        GanConfig config = Gan.builder().batchSize(1_000_000).build();
        MemoryEstimate e = MemoryEstimate.training(config, big);
        assertThat(e.exceedsArrayLimit()).isFalse();
        org.junit.jupiter.api.Assumptions.assumeTrue(e.totalBytes() > MemoryEstimate.processLimit()
                || e.heapBytes() > MemoryEstimate.heapLimit(), "this machine could hold it");
        assertThatThrownBy(() -> config.checkDataset(big))
                .isInstanceOf(InsufficientMemoryException.class)
                .hasMessageStartingWith("training needs about ")
                .hasMessageContaining("batch")
                .hasMessageMatching(".*more than the [0-9.]+ [kMGT]B (of memory this process may use|this JVM may use "
                        + "\\(-Xmx\\)).*")
                .hasMessageContaining("or raise the limit (-Xmx, -Dorg.bytedeco.javacpp.maxPhysicalBytes)");
    }

    @Test
    void samplesAreCountedTheSameWay() {
        assertThat(MemoryEstimate.bytes(999)).isEqualTo("999 bytes");
        assertThat(MemoryEstimate.bytes(9_300_000_000L)).isEqualTo("9.3 GB");
        assertThat(MemoryEstimate.bytes(512_000_000L)).isEqualTo("512 MB");
        assertThat(MemoryEstimate.bytes(Long.MAX_VALUE)).isEqualTo("more than 9 EB");
        assertThat(MemoryEstimate.mul(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE))
                .as("saturates instead of wrapping").isEqualTo(Long.MAX_VALUE);
        assertThat(MemoryEstimate.add(Long.MAX_VALUE, 1)).isEqualTo(Long.MAX_VALUE);
        assertThat(MemoryEstimate.processLimit()).isPositive();
    }
}
