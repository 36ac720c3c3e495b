package org.gan4j.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Nd4jEngineTest {

    @AfterEach
    void clear() {
        System.clearProperty(Nd4jEngine.THREADS_PROPERTY);
    }

    @Test
    void threadsFollowTheBatchSizeUnlessSet() {
        assertThat(Nd4jEngine.threadsFor(32)).isEqualTo(1);
        assertThat(Nd4jEngine.threadsFor(256)).isEqualTo(Runtime.getRuntime().availableProcessors());
        System.setProperty(Nd4jEngine.THREADS_PROPERTY, "3");
        assertThat(Nd4jEngine.threadsFor(32)).isEqualTo(3);
        System.setProperty(Nd4jEngine.THREADS_PROPERTY, "zero");
        assertThatThrownBy(() -> Nd4jEngine.threadsFor(32)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gan4j.threads must be a positive integer, got 'zero'");
    }

    @Test
    void unknownKernelChoiceIsRejected() {
        assertThatThrownBy(() -> Nd4jEngine.chooseKernels("fast"))
                .hasMessage("gan4j.kernels must be auto, cpu or portable, got 'fast'");
        assertThat(Nd4jEngine.chooseKernels("auto").name()).isEqualTo("cpu");
        assertThat(Nd4jEngine.chooseKernels("portable").name()).isEqualTo("portable");
    }
}
