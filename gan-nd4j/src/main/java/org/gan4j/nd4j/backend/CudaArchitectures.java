package org.gan4j.nd4j.backend;

import java.util.List;

/**
 * Which GPUs ND4J 1.0.0-M2.1's CUDA build can run on. Its {@code libnd4jcuda.so} holds machine code for
 * sm_37, 50, 52, 60, 61, 70, 75, 80 and 86 and no PTX, so the driver cannot compile kernels for newer GPUs: on a
 * Hopper (9.0) or later card ND4J still chooses CUDA and then fails at the first kernel launch (CUDA error 209, "no
 * kernel image"). A cubin built for {@code sm_XY} runs on compute capability {@code X.Z} for every {@code Z >= Y}
 * (same major version), so 8.9 runs the 8.6 code.
 */
public final class CudaArchitectures {

    /** The {@code sm_XY} targets in the M2.1 CUDA binaries, as {major, minor}. */
    static final List<int[]> BUILT_FOR = List.of(new int[] {3, 7}, new int[] {5, 0}, new int[] {5, 2},
            new int[] {6, 0}, new int[] {6, 1}, new int[] {7, 0}, new int[] {7, 5}, new int[] {8, 0},
            new int[] {8, 6});

    private CudaArchitectures() {
    }

    /**
     * Whether a GPU can run ND4J's CUDA kernels.
     *
     * @param major the GPU's compute capability, major part (e.g. 8 for an RTX 3090's 8.6)
     * @param minor the GPU's compute capability, minor part (e.g. 6 for 8.6)
     * @return whether the M2.1 binaries hold code for {@code major.minor}
     */
    public static boolean isSupported(int major, int minor) {
        for (int[] sm : BUILT_FOR) {
            if (sm[0] == major && sm[1] <= minor) {
                return true;
            }
        }
        return false;
    }

    /** {@return the supported range in words, for messages and docs} */
    public static String describe() {
        return "compute capability 3.7, 5.x, 6.x, 7.x or 8.x (Kepler K80 to Ada Lovelace); not 9.0 (Hopper) or newer";
    }
}
