package org.gan4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.gan4j.optim.LearningRateSchedule;
import org.gan4j.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;

class RunSpecTest {

    static Stream<String> recipes() {
        return Recipes.all().stream().map(Recipes.Recipe::name);
    }

    @ParameterizedTest
    @MethodSource("recipes")
    void everyRecipeRoundTripsThroughJson(String name) {
        RunSpec spec = Recipes.named(name).builder().build().spec();
        String json = spec.toJson();
        assertThat(RunSpec.fromJson(json)).isEqualTo(spec);
        assertThat(RunSpec.fromJson(json).toJson()).isEqualTo(json);
        // and through a configuration: the builder a spec starts gives the same configuration's spec back
        GanConfig again = GanConfig.Builder.from(spec).build();
        assertThat(again.spec()).isEqualTo(spec);
        assertThat(again.toString()).isEqualTo(Recipes.named(name).builder().build().toString());
    }

    @Test
    void theR1PenaltyAndTheGeneratorEmaAreInTheSpecAndItsJson() {
        RunSpec spec = Gan.builder().r1Penalty(2.5).generatorEma(0.999, 10).build().spec();
        assertThat(spec.r1Penalty()).isEqualTo(2.5);
        assertThat(spec.generatorEma()).contains(new GeneratorEma(0.999, 10));
        String json = spec.toJson();
        assertThat(json).contains("\"r1Penalty\" : 2.5").contains("\"generatorEma\" : \"0.999,10\"");
        assertThat(RunSpec.fromJson(json)).isEqualTo(spec);
        GanConfig back = GanConfig.Builder.from(spec).build();
        assertThat(back.r1Penalty()).hasValue(2.5);
        assertThat(back.generatorEma()).contains(new GeneratorEma(0.999, 10));
        RunSpec plain = Gan.builder().build().spec();
        assertThat(plain.firstDifference(spec)).contains("r1Penalty: 0.0 vs 2.5");
        assertThat(Gan.builder().r1Penalty(2.5).build().spec().firstDifference(spec))
                .contains("generatorEma: off vs 0.999,10");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunSpec.fromJson(json.replace("\"0.999,10\"", "7")))
                .hasMessageStartingWith("$.generatorEma: expected a string");
    }

    @Test
    void unusualValuesRoundTrip() {
        GanConfig c = Gan.builder().zDim(16).batchSize(7).maxSteps(123).seed(Long.MIN_VALUE)
                .dataType(DataType.DOUBLE).objective(Objective.parse("wgan(clip=0.01)")).criticSteps(5)
                .generatorOptimizer(OptimizerSpec.sgd(0.1, 0.9))
                .discriminatorOptimizer(OptimizerSpec.rmsProp(5e-5, 0.99, 1e-8, 0))
                .learningRateSchedule(LearningRateSchedule.linearDecay()).build();
        RunSpec spec = c.spec();
        assertThat(spec.epochs()).isEqualTo(Integer.MAX_VALUE);
        assertThat(spec.toJson()).contains("\"epochs\" : null").contains("\"maxSteps\" : 123");
        assertThat(RunSpec.fromJson(spec.toJson())).isEqualTo(spec);
        assertThat(GanConfig.Builder.from(spec).build().toString()).isEqualTo(c.toString());
    }

    @Test
    void equalConfigurationsHaveEqualSpecs() {
        RunSpec a = Gan.builder().learningRate(2e-4).betas(0.5, 0.999).build().spec();
        RunSpec b = Gan.builder().generatorOptimizer(OptimizerSpec.adam(2e-4, 0.5, 0.999, 1e-8))
                .discriminatorOptimizer(OptimizerSpec.adam(2e-4, 0.5, 0.999, 1e-8)).build().spec();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.firstDifference(b)).isEmpty();
    }

    @Test
    void firstDifferenceNamesTheField() {
        RunSpec a = Gan.builder().build().spec();
        RunSpec b = Gan.builder().discriminatorOptimizer(OptimizerSpec.rmsProp(5e-5, 0.99, 1e-8, 0)).build().spec();
        assertThat(a.firstDifference(b)).hasValueSatisfying(d -> assertThat(d)
                .startsWith("discriminatorOptimizer: adam(").contains(" vs rmsprop("));
        RunSpec c = Gan.builder().seed(7).batchSize(3).build().spec();
        assertThat(a.firstDifference(c)).hasValue("batchSize: 32 vs 3");
        assertThat(a.withLength(3, 10)).isNotEqualTo(a);
        assertThat(a.withLength(3, 10).withLength(a.epochs(), a.maxSteps())).isEqualTo(a);
    }

    @Test
    void customInstancesHaveNoSpec() {
        Loss custom = new Loss() {
            @Override
            public String name() {
                return "mine";
            }

            @Override
            public double discriminatorLoss(org.nd4j.linalg.api.ndarray.INDArray dReal,
                                            org.nd4j.linalg.api.ndarray.INDArray dFake,
                                            org.nd4j.linalg.api.ndarray.INDArray gradReal,
                                            org.nd4j.linalg.api.ndarray.INDArray gradFake) {
                return 0;
            }

            @Override
            public double generatorLoss(org.nd4j.linalg.api.ndarray.INDArray dFake,
                                        org.nd4j.linalg.api.ndarray.INDArray gradFake) {
                return 0;
            }
        };
        GanConfig c = Gan.builder().loss(custom).build();
        assertThat(c.hasSpec()).isFalse();
        assertThatThrownBy(c::spec).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("custom loss mine").hasMessageContaining("cannot be written as JSON");
    }

    @Test
    void provenanceIsStructuredWithTheSpec() throws Exception {
        GanConfig c = Recipes.wganGp().maxSteps(10).build();
        Provenance p = new Provenance(c, "digits", 100, "nd4j", "CPU", "0.1.0", 10, 1,
                java.time.Instant.parse("2026-12-01T12:00:00Z"), java.time.Duration.ofMillis(1500));
        assertThat(p.spec()).hasValue(c.spec());
        var tree = new org.nd4j.shade.jackson.databind.ObjectMapper().readTree(p.toJson());
        assertThat(RunSpec.fromJson(tree.get("spec").toString())).isEqualTo(c.spec());
        assertThat(tree.get("dataset").get("size").intValue()).isEqualTo(100);
        assertThat(tree.get("backend").textValue()).isEqualTo("CPU");
        assertThat(tree.get("steps").longValue()).isEqualTo(10);
        assertThat(tree.get("startedAt").textValue()).isEqualTo("2026-12-01T12:00:00Z");
        assertThat(tree.get("wallTimeSeconds").doubleValue()).isEqualTo(1.5);
        assertThat(p.toJson()).doesNotContain("\r");
    }

    private static String referenceJson() {
        return Gan.builder().build().spec().toJson();
    }

    static Stream<Arguments> hostile() {
        String ok = referenceJson();
        return Stream.of(
                Arguments.of(ok.replace("\"seed\" : 42,", "\"seed\" : 42, \"sede\" : 1,"), "$.sede: unknown field"),
                Arguments.of(ok.replace("\"zDim\" : 64", "\"zDim\" : \"64\""), "$.zDim: expected a whole number"),
                Arguments.of(ok.replace("\"zDim\" : 64", "\"zDim\" : 64.5"), "$.zDim: expected a whole number"),
                Arguments.of(ok.replace("\"zDim\" : 64", "\"zDim\" : 99999999999"), "$.zDim: expected a whole"),
                Arguments.of(ok.replace("\"zDim\" : 64", "\"zDim\" : -3"), "$.zDim: zDim must be positive"),
                Arguments.of(ok.replace("\"seed\" : 42,", ""), "$.seed: missing (required)"),
                Arguments.of(ok.replace("\"seed\" : 42", "\"seed\" : 18446744073709551616"), "$.seed: expected"),
                Arguments.of(ok.replace("\"dataType\" : \"FLOAT\"", "\"dataType\" : \"HALF\""),
                        "$.dataType: expected \"FLOAT\" or \"DOUBLE\""),
                Arguments.of(ok.replace("\"constant\"", "\"cubic\""), "$.learningRateSchedule: "),
                Arguments.of(ok.replace("\"bce\"", "\"bce(real=2)\""), "$.objective: bce: real must be in (0, 1]"),
                Arguments.of(ok.replaceFirst("\"adam\\(lr=3.0E-4", "\"adam(lr=-1"), "$.generatorOptimizer: "),
                Arguments.of(ok.replaceFirst("\"discriminatorOptimizer\" : \"adam", "\"discriminatorOptimizer\" : "
                        + "\"adamw"), "$.discriminatorOptimizer: "),
                Arguments.of(ok.replace("\"discriminatorOptimizer\" : \"", "\"discriminatorOptimizer\" : 3, \"x\" : \""),
                        "$.discriminatorOptimizer: expected a string, got a number 3"),
                Arguments.of(ok.replaceFirst("\"hidden\" : \\[\\s*256\\s*\\]", "\"hidden\" : [ 256, 0 ]"),
                        "$.generator.hidden: hidden layer 1 width must be positive"),
                Arguments.of(ok.replaceFirst("\"hidden\" : \\[\\s*256\\s*\\]", "\"hidden\" : [ 256, true ]"),
                        "$.generator.hidden[1]: expected a whole number"),
                Arguments.of(ok.replaceFirst("\"type\" : \"mlp\"", "\"type\" : \"mlp\", \"depth\" : 2"),
                        "$.generator.depth: unknown field"),
                Arguments.of(ok.replaceFirst("\"type\" : \"mlp\"", "\"type\" : \"resnet\""),
                        "$.generator.type: expected \"mlp\" or \"sequential\""),
                Arguments.of(ok.replaceFirst("\"generator\" : \\{", "\"generator\" : [ {").replaceFirst(
                        "\"tanh\"\n  }", "\"tanh\"\n  } ]"), "$.generator: expected an object, got an array"),
                Arguments.of(ok.replace("\"format\" : \"gan4j-run-spec/1\"", "\"format\" : \"gan4j-run-spec/2\""),
                        "$.format: expected \"gan4j-run-spec/1\""),
                Arguments.of(ok.replace("\"seed\" : 42,", "\"seed\" : 42, \"seed\" : 43,"), "Duplicate field"),
                Arguments.of(ok.substring(0, ok.length() / 2), "$: not valid JSON (line"),
                Arguments.of("", "$: empty"),
                Arguments.of("[1, 2]", "$: expected an object, got an array"),
                Arguments.of(ok.replace("\"epochs\" : 50", "\"epochs\" : null"), "$.epochs: null"),
                Arguments.of("[".repeat(200_000), "$: nested deeper than 16 levels"));
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void hostileJsonIsRefusedNamingThePath(String json, String expected) {
        assertThatThrownBy(() -> RunSpec.fromJson(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void sequentialNetworksAreCheckedWithTheirPath() {
        String dcgan = Recipes.dcgan().build().spec().toJson();
        assertThat(dcgan).contains("\"type\" : \"sequential\"").contains("\"input\" : \"[784]\"");
        assertThatThrownBy(() -> RunSpec.fromJson(dcgan.replace("\"flatten()\"", "\"flatten(\"")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("$.discriminator: layer 6");
        assertThatThrownBy(() -> RunSpec.fromJson(dcgan.replace("\"[784]\"", "\"[7, 7]\"")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("$.discriminator: layer 0");
        assertThatThrownBy(() -> RunSpec.fromJson(dcgan.replace("\"dense(out=6272)\"", "\"dense(out=x)\"")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("$.generator: layer 0");
        assertThatThrownBy(() -> RunSpec.fromJson(dcgan.replace("\"dense(out=6272)\"", "6272")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("$.generator.layers[0]: expected a string");
    }
}
