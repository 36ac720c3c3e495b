package org.gan4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.gan4j.nn.LayerSpec;
import org.gan4j.nn.Layers;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.nn.Shape;
import org.gan4j.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;

/** What the recipes promise in their descriptions, read back from the configurations they build. */
class RecipesTest {

    private static final Shape DIGIT = Shape.image(1, 28, 28);

    @Test
    void everyRecipeIsListedByNameAndFoundByIt() {
        assertThat(Recipes.all()).extracting(Recipes.Recipe::name)
                .containsExactly("reference", "dcgan", "mlp-tuned", "lsgan", "wgan-gp", "sngan-hinge", "cgan",
                        "acgan", "dcgan-cond");
        for (Recipes.Recipe r : Recipes.all()) {
            assertThat(Recipes.named(r.name())).isSameAs(r);
        }
    }

    @Test
    void snganHingeIsDcgansGeneratorAgainstASpectralNormCriticWithoutBatchNormUnderTheHingeLoss() {
        GanConfig c = Recipes.named("sngan-hinge").builder().build();
        assertThat(c.generatorSpec(DIGIT)).isEqualTo(Recipes.dcganGenerator(64));
        NetworkSpec critic = c.discriminatorSpec(DIGIT);
        assertThat(critic.batchDependent()).as("no batch norm in the critic").isFalse();
        List<LayerSpec> layers = critic.layers();
        long weighted = layers.stream().filter(l -> l instanceof Layers.Conv2d || l instanceof Layers.Dense).count();
        long normalised = layers.stream().filter(l -> l instanceof Layers.SpectralNorm).count();
        assertThat(weighted).as("every weight layer is inside spectralNorm").isZero();
        assertThat(normalised).isEqualTo(5);
        assertThat(layers).filteredOn(l -> l instanceof Layers.LeakyRelu).hasSize(4)
                .allSatisfy(l -> assertThat(((Layers.LeakyRelu) l).slope()).isEqualTo(0.1));
        assertThat(critic.outputShape()).isEqualTo(Shape.vector(1));
        assertThat(c.objective()).isEqualTo(new Objective.Hinge());
        assertThat(c.criticSteps()).isEqualTo(1);
        assertThat(c.batchSize()).isEqualTo(64);
        // Miyato et al. 2018, Table 1, setting C, on both networks
        assertThat(c.discriminatorOptimizer()).isEqualTo(c.generatorOptimizer());
        assertThat(c.discriminatorOptimizer()).isInstanceOfSatisfying(OptimizerSpec.Adam.class, a -> {
            assertThat(a.lr()).isEqualTo(2e-4);
            assertThat(a.beta1()).isEqualTo(0.5);
            assertThat(a.beta2()).isEqualTo(0.999);
        });
    }
}
