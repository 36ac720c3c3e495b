package org.gan4j.nd4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FastTanhTest {

    @Test
    void staysWithinAFewUlpsOfMathTanhEverywhere() {
        double worst = 0;
        for (float x = -20f; x <= 20f; x += 1e-4f) {
            worst = Math.max(worst, Math.abs(FastTanh.tanh(x) - Math.tanh(x)));
        }
        assertThat(worst).isLessThan(5e-7);
        assertThat(FastTanh.tanh(0f)).isZero();
        assertThat(FastTanh.tanh(1e-30f)).isEqualTo(1e-30f, org.assertj.core.data.Offset.offset(1e-36f));
        assertThat(FastTanh.tanh(Float.POSITIVE_INFINITY)).isLessThanOrEqualTo(1f).isGreaterThan(0.9999990f);
        assertThat(FastTanh.tanh(-50f)).isGreaterThanOrEqualTo(-1f).isLessThan(-0.9999990f);
    }
}
