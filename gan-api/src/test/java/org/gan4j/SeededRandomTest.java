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
}
