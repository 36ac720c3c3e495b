package org.gan4j.nd4j.backend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CudaArchitecturesTest {

    @ParameterizedTest(name = "compute capability {0}.{1}: {2}")
    @CsvSource({
        "2,1,false", "3,0,false", "3,5,false", "3,7,true",  // Fermi; Kepler K20 (3.5) no; K80 (3.7) yes
        "5,0,true", "5,2,true", "5,3,true",                 // Maxwell, Jetson Nano
        "6,0,true", "6,1,true", "6,2,true",                 // Pascal
        "7,0,true", "7,2,true", "7,5,true",                 // Volta, Xavier, Turing
        "8,0,true", "8,6,true", "8,7,true", "8,9,true",     // Ampere A100, RTX 30, Orin, Ada (runs sm_86 code)
        "9,0,false", "10,0,false", "12,0,false"             // Hopper H100, Blackwell: no kernel image
    })
    void supportedArchitecturesAreThoseTheM21BinariesCarry(int major, int minor, boolean supported) {
        assertThat(CudaArchitectures.isSupported(major, minor)).isEqualTo(supported);
    }
}
