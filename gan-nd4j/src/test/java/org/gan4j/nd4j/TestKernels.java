package org.gan4j.nd4j;

import java.util.stream.Stream;
import org.gan4j.nd4j.kernels.CpuKernels;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nd4j.kernels.PortableKernels;

/** Every kernel implementation, for tests that must hold on each. */
public final class TestKernels {

    private TestKernels() {
    }

    /** The implementations available on this backend (the CPU one: tests run on nd4j-native). */
    public static Stream<Kernels> all() {
        return Stream.of(new PortableKernels(), new CpuKernels());
    }
}
