package org.gan4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SeededRandomTest {

    @Test
    void aSeedFixesTheSequence() {
        SeededRandom a = new SeededRandom(5);
        SeededRandom b = new SeededRandom(5);
        for (int i = 0; i < 100; i++) {
            assertThat(a.nextGaussian()).isEqualTo(b.nextGaussian());
        }
        assertThat(new SeededRandom(6).nextLong()).isNotEqualTo(new SeededRandom(5).nextLong());
        assertThat(SeededRandom.forStream(5, 1).nextLong()).isNotEqualTo(SeededRandom.forStream(5, 2).nextLong());
    }

    @Test
    void gaussiansAreStandardNormal() {
        SeededRandom r = new SeededRandom(1);
        int n = 200_000;
        double sum = 0;
        double sumSq = 0;
        int beyondTwoSigma = 0;
        for (int i = 0; i < n; i++) {
            double x = r.nextGaussian();
            sum += x;
            sumSq += x * x;
            if (Math.abs(x) > 2) {
                beyondTwoSigma++;
            }
        }
        assertThat(sum / n).isCloseTo(0, offset(0.01));
        assertThat(sumSq / n).isCloseTo(1, offset(0.01));
        assertThat(beyondTwoSigma / (double) n).isCloseTo(0.0455, offset(0.002));
    }

    @Test
    void shuffleIsAPermutationAndUniform() {
        int[] counts = new int[4];
        SeededRandom r = new SeededRandom(3);
        for (int t = 0; t < 40_000; t++) {
            int[] a = {0, 1, 2, 3};
            r.shuffle(a);
            int[] sorted = a.clone();
            Arrays.sort(sorted);
            assertThat(sorted).containsExactly(0, 1, 2, 3);
            counts[a[0]]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(9_600, 10_400);
        }
    }

    @Test
    void bulkBernoulliDrawsAreTheDrawsOfNextDoubleComparedOneByOne() {
        SeededRandom peek = new SeededRandom(17);
        double[] draws = new double[64];
        for (int k = 0; k < draws.length; k++) {
            draws[k] = peek.nextDouble();
        }
        // A probability equal to a draw (that draw is not below it), ones whose threshold is a whole number of
        // 2^-53 steps (0.5, 0.75) and ones that are not, the ends and beyond them.
        double[] probabilities = {0.7, 0.3, 0.5, 0.75, draws[5], draws[40], Math.nextUp(draws[40]), 1e-17, 0, 1,
            Math.nextDown(1.0), -0.5, 1.5};
        int ones = 0;
        for (double probability : probabilities) {
            SeededRandom bulk = new SeededRandom(17);
            SeededRandom single = new SeededRandom(17);
            float[] dest = new float[draws.length + 2];
            Arrays.fill(dest, 7f);
            bulk.fillBernoulli(dest, 1, draws.length, probability);
            assertThat(dest[0]).isEqualTo(7f);
            assertThat(dest[dest.length - 1]).isEqualTo(7f);
            for (int k = 0; k < draws.length; k++) {
                float expected = single.nextDouble() < probability ? 1f : 0f;
                assertThat(dest[k + 1]).as("p %s, draw %d", probability, k).isEqualTo(expected);
                ones += (int) expected;
            }
            assertThat(bulk.nextLong()).as("the state after p %s", probability).isEqualTo(single.nextLong());
        }
        assertThat(ones).as("the probabilities drew both values").isBetween(100, 13 * 64 - 100);
        SeededRandom many = new SeededRandom(3);
        float[] mask = new float[100_000];
        many.fillBernoulli(mask, 0, mask.length, 0.7);
        double sum = 0;
        for (float m : mask) {
            sum += m;
        }
        assertThat(sum / mask.length).isCloseTo(0.7, offset(0.005));
    }

    @Test
    void skippingDrawsLeavesTheStateThoseDrawsLeave() {
        SeededRandom skipped = new SeededRandom(-9);
        SeededRandom drawn = new SeededRandom(-9);
        skipped.skip(1_000);
        for (int k = 0; k < 1_000; k++) {
            drawn.nextLong();
        }
        assertThat(skipped.nextLong()).isEqualTo(drawn.nextLong());
        skipped.skip(0);
        assertThat(skipped.nextDouble()).isEqualTo(drawn.nextDouble());
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> skipped.skip(-1))
                .withMessageContaining("-1");
    }
}
