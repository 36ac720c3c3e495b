package org.gan4j.nd4j.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without a CUDA backend on the classpath (the default build). The fallback itself: CudaFallbackIT. */
class BackendSelectorTest {

    @Test
    void withoutCudaNothingIsHidden() {
        BackendSelector.Decision d = BackendSelector.decide("auto", Map.of());
        assertThat(d.cudaOnClasspath()).isFalse();
        assertThat(d.cudaHidden()).isFalse();
        assertThat(d.reason()).isEmpty();
    }

    @Test
    void askingForCudaWithoutItIsAClearError() {
        assertThatThrownBy(() -> BackendSelector.decide("cuda", Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gan4j.backend=cuda")
                .hasMessageContaining("org.nd4j:nd4j-cuda-11.6");
    }

    @Test
    void anUnknownChoiceIsRejected() {
        assertThatThrownBy(() -> BackendSelector.decide("tpu", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gan4j.backend must be auto, cpu or cuda, got 'tpu'");
    }
}
