package org.gan4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectiveTest {

    @Test
    void everyObjectiveReadsBackFromItsTextForm() {
        List<Objective> all = List.of(Objective.nonSaturating(), new Objective.NonSaturating(0.9),
                new Objective.Minimax(), new Objective.LeastSquares(), new Objective.Wasserstein(0),
                new Objective.Wasserstein(0.01), new Objective.WassersteinGp(10), new Objective.WassersteinGp(5), new Objective.Hinge(), new Objective.RelativisticAverage());
        for (Objective o : all) {
            assertThat(Objective.parse(o.toString())).as(o.toString()).isEqualTo(o);
        }
        assertThat(Objective.names()).containsExactly("bce", "minimax", "lsgan", "wgan", "wgan-gp", "hinge", "ragan");
        assertThat(Objective.parse(" WGAN( clip = 0.05 ) ")).isEqualTo(new Objective.Wasserstein(0.05));
        assertThat(Objective.nonSaturating().toString()).isEqualTo("bce"); // what checkpoints always said
        assertThat(Objective.parse("wgan-gp")).isEqualTo(new Objective.WassersteinGp(10));
        assertThatThrownBy(() -> Objective.parse("wgan-gp(lambda=0)")).hasMessageContaining("lambda must be positive");
    }

    @Test
    void badTextIsRefusedNamingWhatWasExpected() {
        assertThatThrownBy(() -> Objective.parse("wgangp")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'wgangp'").hasMessageContaining("[bce, minimax, lsgan, wgan, wgan-gp, hinge, ragan]");
        assertThatThrownBy(() -> Objective.parse("wgan(clip=small)")).hasMessageContaining("clip must be a number");
        assertThatThrownBy(() -> Objective.parse("hinge(margin=2)")).hasMessageContaining("does not take [margin]");
        assertThatThrownBy(() -> Objective.parse("wgan(clip=-1)")).hasMessageContaining("clip must be 0 (none)");
        assertThatThrownBy(() -> Objective.parse("bce(real=1.5)")).hasMessageContaining("real must be in (0, 1]");
        assertThatThrownBy(() -> Objective.parse("bce(real=0.9")).hasMessageContaining("missing ')'");
        assertThatThrownBy(() -> Objective.parse("wgan(0.01)")).hasMessageContaining("expected key=value");
    }

    @Test
    void onlyTheRelativisticObjectiveIsNotSeparableAndOnlyCrossEntropiesOutputLogits() {
        assertThat(new Objective.RelativisticAverage().separable()).isFalse();
        assertThat(new Objective.Hinge().separable()).isTrue();
        assertThat(new Objective.Wasserstein(0).outputsLogits()).isFalse();
        assertThat(new Objective.LeastSquares().outputsLogits()).isFalse();
        assertThat(new Objective.Minimax().outputsLogits()).isTrue();
    }

    @Test
    void theConfigurationKeepsTheObjectiveAndRefusesItBesideACustomLoss() {
        GanConfig c = Gan.builder().objective(new Objective.Hinge()).criticSteps(5).build();
        assertThat(c.objective()).isEqualTo(new Objective.Hinge());
        assertThat(c.criticSteps()).isEqualTo(5);
        assertThat(c.toBuilder().build().objective()).isEqualTo(new Objective.Hinge());
        assertThat(c.toString()).contains("loss=hinge").contains("criticSteps=5");
        Loss custom = new Loss() {
            @Override
            public String name() {
                return "mine";
            }

            @Override
            public double discriminatorLoss(org.nd4j.linalg.api.ndarray.INDArray r,
                                            org.nd4j.linalg.api.ndarray.INDArray f,
                                            org.nd4j.linalg.api.ndarray.INDArray gr,
                                            org.nd4j.linalg.api.ndarray.INDArray gf) {
                return 0;
            }

            @Override
            public double generatorLoss(org.nd4j.linalg.api.ndarray.INDArray f,
                                        org.nd4j.linalg.api.ndarray.INDArray gf) {
                return 0;
            }
        };
        assertThatThrownBy(() -> Gan.builder().objective(new Objective.Hinge()).loss(custom).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("mine").hasMessageContaining("hinge");
        assertThat(Gan.builder().loss(custom).build().toBuilder().loss(custom).build().loss()).contains(custom);
        assertThatThrownBy(() -> Gan.builder().criticSteps(0)).hasMessageContaining("criticSteps must be at least 1");
    }

    @Test
    void clippingWithAdamIsWarnedNotRefused() {
        assertThat(Gan.builder().objective(new Objective.Wasserstein(0.01)).build().warnings())
                .singleElement().asString().contains("RMSprop");
        assertThat(Gan.builder().objective(new Objective.Wasserstein(0)).build().warnings()).isEmpty();
        assertThat(Gan.builder().objective(new Objective.Wasserstein(0.01))
                .discriminatorOptimizer(org.gan4j.optim.OptimizerSpec.parse("rmsprop(lr=5e-5)")).build().warnings())
                .as("the paper's own optimizer").isEmpty();
        assertThat(Gan.builder().build().warnings()).isEmpty();
    }
}
