package org.gan4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The generator's EMA settings: off by default, refused out of range naming the field, and their text form. */
class GeneratorEmaConfigTest {

    @Test
    void offByDefaultAndTheReferenceTextUnchanged() {
        GanConfig reference = Gan.builder().build();
        assertThat(reference.generatorEma()).isEmpty();
        assertThat(reference.toString()).doesNotContain("generatorEma");
        GanConfig on = Gan.builder().generatorEma(0.999).build();
        assertThat(on.generatorEma()).contains(new GeneratorEma(0.999, 0));
        assertThat(on.toString()).contains("generatorEma=0.999,0");
        assertThat(on.toBuilder().build().generatorEma()).contains(new GeneratorEma(0.999, 0));
        assertThat(on.toBuilder().generatorEma((GeneratorEma) null).build().generatorEma()).isEmpty();
        assertThat(Gan.builder().generatorEma(0.5, 1000).build().generatorEma().orElseThrow().startStep())
                .isEqualTo(1000);
    }

    @Test
    void theMemoryEstimateCountsTheAverage() {
        MemoryEstimateTest.Declared mnist = new MemoryEstimateTest.Declared(60_000, 28, 28, 1);
        MemoryEstimate off = MemoryEstimate.training(Gan.builder().build(), mnist);
        MemoryEstimate on = MemoryEstimate.training(Gan.builder().generatorEma(0.999).build(), mnist);
        long generatorBytes = Mlp.referenceGenerator().parameterCount(64, 784) * 4;
        assertThat(on.nativeBytes() - off.nativeBytes()).isEqualTo(2 * generatorBytes);
        assertThat(on.heapBytes() - off.heapBytes()).isEqualTo(3 * generatorBytes);
        assertThat(on.toString()).contains("the generator's EMA");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 1, -0.5, 1.5, Double.NaN, Double.POSITIVE_INFINITY})
    void aDecayOutsideZeroOneIsRefusedNamingTheField(double decay) {
        assertThatThrownBy(() -> Gan.builder().generatorEma(decay).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("generatorEma decay must be in (0, 1), got " + decay);
    }

    @Test
    void aNegativeStartStepIsRefusedNamingTheField() {
        assertThatThrownBy(() -> Gan.builder().generatorEma(0.9, -1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("generatorEma startStep must be at least 0, got -1");
    }

    @Test
    void theTextFormRoundTripsAndBadTextIsRefusedNamingThePart() {
        assertThat(GeneratorEma.parse("0.999")).isEqualTo(new GeneratorEma(0.999, 0));
        assertThat(GeneratorEma.parse(" 0.99 , 500 ")).isEqualTo(new GeneratorEma(0.99, 500));
        assertThat(GeneratorEma.parse(new GeneratorEma(0.25, 7).text())).isEqualTo(new GeneratorEma(0.25, 7));
        assertThatThrownBy(() -> GeneratorEma.parse("fast")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("generatorEma decay must be a number in (0, 1), got fast");
        assertThatThrownBy(() -> GeneratorEma.parse("0.9,soon")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("generatorEma startStep must be a whole number, got soon");
        assertThatThrownBy(() -> GeneratorEma.parse("0.9,1,2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("generatorEma must be DECAY or DECAY,START, got 0.9,1,2");
        assertThatThrownBy(() -> GeneratorEma.parse("1.0")).hasMessage("generatorEma decay must be in (0, 1), got 1.0");
    }
}
