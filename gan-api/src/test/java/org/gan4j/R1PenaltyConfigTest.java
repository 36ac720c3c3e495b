package org.gan4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@link GanConfig.Builder#r1Penalty}: what it takes, what it refuses, and the one pairing it refuses. */
class R1PenaltyConfigTest {

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, Double.NaN, Double.POSITIVE_INFINITY})
    void aGammaThatIsNotPositiveAndFiniteIsRefusedNamingTheField(double gamma) {
        assertThatThrownBy(() -> Gan.builder().r1Penalty(gamma)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("r1Penalty gamma must be positive").hasMessageContaining(String.valueOf(gamma));
    }

    @Test
    void itIsOffByDefaultAndKeptByToBuilderBesideAnyObjective() {
        assertThat(Gan.builder().build().r1Penalty()).isEmpty();
        GanConfig c = Gan.builder().objective(new Objective.Hinge()).r1Penalty(2.5).build();
        assertThat(c.r1Penalty()).hasValue(2.5);
        assertThat(c.toBuilder().build().r1Penalty()).hasValue(2.5);
        assertThat(c.toString()).contains("r1Penalty=2.5");
        assertThat(Gan.builder().objective(new Objective.Wasserstein(0)).r1Penalty(1).build().r1Penalty())
                .hasValue(1);
    }

    @Test
    void withWganGpItIsRefusedAtBuildNamingBoth() {
        GanConfig.Builder b = Gan.builder().objective(new Objective.WassersteinGp(10)).r1Penalty(1);
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("r1Penalty").hasMessageContaining("wgan-gp");
    }
}
