package org.gan4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BlasChoiceTest {

    private static final List<String> AVX512 =
            List.of("fpu", "avx", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");

    @Test
    void hintsSkylakeXWhereAnAvx2KernelRunsOnAnAvx512Cpu() {
        String hint = BlasChoice.fasterKernelHint("Haswell", AVX512);
        assertTrue(hint.contains("OPENBLAS_CORETYPE=SkylakeX"), hint);
        assertTrue(BlasChoice.fasterKernelHint("ZEN", AVX512).contains("SkylakeX"));
    }

    @Test
    void noHintWhereSkylakeXWouldCrashOrIsAlreadyChosen() {
        // avx512vl missing: SkylakeX kernels would hit an illegal instruction
        List<String> partial = List.of("avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq");
        assertEquals("", BlasChoice.fasterKernelHint("Haswell", partial));
        assertEquals("", BlasChoice.fasterKernelHint("SkylakeX", AVX512));
        assertEquals("", BlasChoice.fasterKernelHint(null, AVX512));
        assertEquals("", BlasChoice.fasterKernelHint("Haswell", List.of()));
    }
}
