package org.gan4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OptimizerSpecTest {

    @Test
    void theTextFormReadsBackToAnEqualSpec() {
        for (OptimizerSpec s : new OptimizerSpec[] {OptimizerSpec.adam(2e-4, 0.5, 0.999, 1e-8),
            OptimizerSpec.rmsProp(5e-5, 0.9, 1e-6, 0.5), OptimizerSpec.sgd(0.01, 0.9), OptimizerSpec.sgd(0.1, 0)}) {
            assertThat(OptimizerSpec.parse(s.toString())).isEqualTo(s);
        }
        assertThat(OptimizerSpec.parse(" adam( lr=2e-4 , beta1=0.5 ) "))
                .isEqualTo(OptimizerSpec.adam(2e-4, 0.5, 0.999, 1e-8));
        // PyTorch's defaults for what is left out
        assertThat(OptimizerSpec.parse("adam")).isEqualTo(OptimizerSpec.adam(1e-3, 0.9, 0.999, 1e-8));
        assertThat(OptimizerSpec.parse("rmsprop()")).isEqualTo(OptimizerSpec.rmsProp(1e-2, 0.99, 1e-8, 0));
        assertThat(OptimizerSpec.parse("sgd(momentum=0.9,lr=0.5)")).isEqualTo(OptimizerSpec.sgd(0.5, 0.9));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "adamw(lr=1)              | unknown name 'adamw'; expected one of adam, rmsprop, sgd",
        "adam(lr=1                | missing ')'",
        "adam(lr)                 | 'lr' is not key=value",
        "adam(alpha=0.9)          | adam has no setting 'alpha'; it takes lr, beta1, beta2, eps",
        "adam(lr=1,lr=2)          | lr is given twice",
        "adam(lr=fast)            | lr must be a number, got 'fast'",
        "adam(lr=-1)              | lr must be positive and finite, got -1.0",
        "adam(lr=NaN)             | lr must be positive and finite, got NaN",
        "adam(beta1=1)            | beta1 must be in [0, 1), got 1.0",
        "adam(beta2=-0.1)         | beta2 must be in [0, 1), got -0.1",
        "adam(eps=0)              | eps must be positive and finite, got 0.0",
        "rmsprop(alpha=1.5)       | alpha must be in [0, 1), got 1.5",
        "rmsprop(momentum=1)      | momentum must be in [0, 1), got 1.0",
        "sgd(momentum=0.9)        | sgd needs lr=<number>",
        "sgd(lr=Infinity)         | lr must be positive and finite, got Infinity",
    })
    void badTextIsRefusedQuotingItAndNamingTheSetting(String text, String fragment) {
        assertThatThrownBy(() -> OptimizerSpec.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'").hasMessageContaining(fragment);
    }

    @Test
    void theRecordsCheckTheirFieldsNamingThem() {
        assertThatThrownBy(() -> new OptimizerSpec.Adam(0, 0.9, 0.999, 1e-8))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("lr must be positive and finite, got 0.0");
        assertThatThrownBy(() -> new OptimizerSpec.RmsProp(1e-3, -0.5, 1e-8, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("alpha must be in [0, 1), got -0.5");
        assertThatThrownBy(() -> new OptimizerSpec.RmsProp(1e-3, 0.9, Double.POSITIVE_INFINITY, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("eps must be positive");
        assertThatThrownBy(() -> new OptimizerSpec.Sgd(1e-3, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("momentum must be in [0, 1), got -1.0");
    }

    @Test
    void schedulesReadBackAndDecayLikeLambdaLr() {
        for (LearningRateSchedule s : new LearningRateSchedule[] {LearningRateSchedule.constant(),
            LearningRateSchedule.linearDecay(), LearningRateSchedule.linearDecay(500)}) {
            assertThat(LearningRateSchedule.parse(s.toString())).isEqualTo(s);
        }
        LearningRateSchedule linear = LearningRateSchedule.linearDecay(4);
        assertThat(new double[] {linear.factor(0, 99), linear.factor(1, 99), linear.factor(3, 99),
            linear.factor(4, 99), linear.factor(10, 99)}).containsExactly(1.0, 0.75, 0.25, 0.0, 0.0);
        assertThat(LearningRateSchedule.linearDecay().factor(5, 10)).isEqualTo(0.5);
        assertThat(LearningRateSchedule.linearDecay().resolve(10)).isEqualTo(LearningRateSchedule.linearDecay(10));
        assertThat(LearningRateSchedule.constant().factor(123, 5)).isEqualTo(1.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cosine", "linear(steps=0)", "linear(steps=1.5)", "linear(n=3)", "constant(steps=3)"})
    void badSchedulesAreRefusedQuotingThem(String text) {
        assertThatThrownBy(() -> LearningRateSchedule.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void theDefaultIsTodaysAdamForBothNetworksAndAnExplicitSpecWins() {
        GanConfig reference = Gan.builder().build();
        assertThat(reference.generatorOptimizer()).isEqualTo(OptimizerSpec.adam(3e-4, 0.9, 0.999, 1e-8));
        assertThat(reference.discriminatorOptimizer()).isEqualTo(reference.generatorOptimizer());
        assertThat(reference.learningRateSchedule()).isEqualTo(LearningRateSchedule.constant());
        GanConfig lr = Gan.builder().learningRate(2e-4).betas(0.5, 0.999).build();
        assertThat(lr.discriminatorOptimizer()).isEqualTo(OptimizerSpec.adam(2e-4, 0.5, 0.999, 1e-8));
        GanConfig ttur = Gan.builder().generatorOptimizer(OptimizerSpec.adam(1e-4, 0, 0.9, 1e-8))
                .discriminatorOptimizer(OptimizerSpec.rmsProp(4e-4, 0.99, 1e-8, 0))
                .learningRateSchedule(LearningRateSchedule.linearDecay()).build();
        assertThat(ttur.toBuilder().build().discriminatorOptimizer()).isEqualTo(OptimizerSpec.rmsProp(4e-4, 0.99,
                1e-8, 0));
        assertThat(ttur.toString()).contains("generatorOptimizer=adam(lr=1.0E-4,beta1=0.0,beta2=0.9,eps=1.0E-8)")
                .contains("discriminatorOptimizer=rmsprop(lr=4.0E-4").contains("learningRateSchedule=linear");
    }
}
