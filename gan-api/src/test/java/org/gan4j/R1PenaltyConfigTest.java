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

    @Test
    void aPenaltyOnADiscriminatorWithALayerThatHasNoDoubleBackwardIsRefusedAtBuildNamingTheLayer() {
        // dcgan's discriminator has batchNorm at position 4; sngan-hinge's wraps its layers in spectralNorm
        assertThatThrownBy(() -> Recipes.dcgan().r1Penalty(10).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("r1Penalty (gamma 10.0)")
                .hasMessageContaining("discriminator layer 4 (batchNorm(").hasMessageContaining("double-backward");
        assertThatThrownBy(() -> Recipes.dcgan().objective(new Objective.WassersteinGp(10)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("objective wgan-gp")
                .hasMessageContaining("discriminator layer 4 (batchNorm(");
        assertThatThrownBy(() -> Recipes.snganHinge().objective(new Objective.WassersteinGp(10)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("discriminator layer 1 (spectralNorm(");
        // without the penalty, and with a critic whose layers all have one, the same networks build
        assertThat(Recipes.dcgan().build().r1Penalty()).isEmpty();
        assertThat(Recipes.wganGp().build().objective()).isInstanceOf(Objective.WassersteinGp.class);
        org.gan4j.nn.NetworkSpec convCritic = org.gan4j.nn.NetworkSpec.sequential(org.gan4j.nn.Shape.vector(784),
                org.gan4j.nn.Layers.reshape(1, 28, 28), org.gan4j.nn.Layers.conv2d(8, 4, 2, 1),
                org.gan4j.nn.Layers.leakyRelu(0.2), org.gan4j.nn.Layers.flatten(), org.gan4j.nn.Layers.dense(1));
        assertThat(Recipes.dcgan().discriminator(convCritic).r1Penalty(10).build().r1Penalty()).hasValue(10.0);
    }

    @Test
    void everyLayerKindSaysWhetherItHasADoubleBackward() {
        java.util.List<org.gan4j.nn.LayerSpec> with = java.util.List.of(org.gan4j.nn.Layers.dense(3),
                org.gan4j.nn.Layers.conv2d(4, 3, 2, 1), org.gan4j.nn.Layers.reshape(2, 3, 4),
                org.gan4j.nn.Layers.flatten(), org.gan4j.nn.Layers.relu(), org.gan4j.nn.Layers.leakyRelu(0.2),
                org.gan4j.nn.Layers.tanh(), org.gan4j.nn.Layers.sigmoid(), org.gan4j.nn.Layers.identity());
        java.util.List<org.gan4j.nn.LayerSpec> without = java.util.List.of(org.gan4j.nn.Layers.batchNorm(),
                org.gan4j.nn.Layers.dropout(0.3), org.gan4j.nn.Layers.convTranspose2d(2, 4, 2, 1, 1),
                org.gan4j.nn.Layers.spectralNorm(org.gan4j.nn.Layers.dense(3)));
        assertThat(with).allMatch(org.gan4j.nn.LayerSpec::doubleBackward);
        assertThat(without).noneMatch(org.gan4j.nn.LayerSpec::doubleBackward);
    }
}
