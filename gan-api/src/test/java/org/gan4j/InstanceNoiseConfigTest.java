package org.gan4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Instance noise's settings: the annealing schedule, refusals naming the field, the text form, and its place in the
 * configuration, the spec, its JSON and the provenance.
 */
class InstanceNoiseConfigTest {

    @Test
    void sigmaFallsLinearlyFromSigma0ToZeroOverTheAnnealingStepsThenStaysOff() {
        InstanceNoise n = new InstanceNoise(0.8, 4);
        assertThat(n.sigma(1)).isEqualTo(0.8);
        assertThat(n.sigma(2)).isCloseTo(0.6, within(1e-15));
        assertThat(n.sigma(3)).isCloseTo(0.4, within(1e-15));
        assertThat(n.sigma(4)).isEqualTo(0.2);
        assertThat(n.sigma(5)).isZero();
        assertThat(n.sigma(6)).isZero();
        assertThat(n.sigma(Long.MAX_VALUE)).isZero();
        assertThat(n.sigma(0)).isZero();
        InstanceNoise one = new InstanceNoise(0.1, 1);
        assertThat(one.sigma(1)).isEqualTo(0.1);
        assertThat(one.sigma(2)).isZero();
        InstanceNoise longRun = new InstanceNoise(1, 5000);
        assertThat(longRun.sigma(2501)).isEqualTo(0.5);
        assertThat(longRun.sigma(5000)).isEqualTo(1.0 / 5000);
        assertThat(longRun.sigma(5001)).isZero();
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -0.1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void aSigmaThatIsNotPositiveAndFiniteIsRefusedNamingTheField(double sigma) {
        assertThatThrownBy(() -> Gan.builder().instanceNoise(sigma, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("instanceNoise sigma must be positive and finite, got " + sigma);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void fewerThanOneAnnealingStepIsRefusedNamingTheField(long steps) {
        assertThatThrownBy(() -> Gan.builder().instanceNoise(0.1, steps))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("instanceNoise steps must be at least 1, got " + steps);
    }

    @Test
    void bothTextFormsParseAndTheCanonicalOneRoundTrips() {
        InstanceNoise n = new InstanceNoise(0.1, 5000);
        assertThat(InstanceNoise.parse("0.1,5000")).isEqualTo(n);
        assertThat(InstanceNoise.parse(" 0.1 , 5000 ")).isEqualTo(n);
        assertThat(InstanceNoise.parse("sigma=0.1,steps=5000")).isEqualTo(n);
        assertThat(InstanceNoise.parse("steps=5000, sigma=0.1")).isEqualTo(n);
        assertThat(n.text()).isEqualTo("sigma=0.1,steps=5000");
        assertThat(InstanceNoise.parse(n.text())).isEqualTo(n);
        assertThat(n).hasToString("sigma=0.1,steps=5000");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.1|instanceNoise: the annealing steps are missing; expected SIGMA,STEPS or sigma=SIGMA,steps=STEPS "
                + "(e.g. 0.1,5000), got '0.1'",
        "0.1,5,7|instanceNoise: expected SIGMA,STEPS or sigma=SIGMA,steps=STEPS (e.g. 0.1,5000), got '0.1,5,7'",
        "loud,5|instanceNoise sigma must be a positive number, got 'loud'",
        "0.1,soon|instanceNoise steps must be a whole number of at least 1, got 'soon'",
        "0.1,2.5|instanceNoise steps must be a whole number of at least 1, got '2.5'",
        "sigma=0.1,sigma=0.2|instanceNoise: expected SIGMA,STEPS or sigma=SIGMA,steps=STEPS (e.g. 0.1,5000), got "
                + "'sigma=0.1,sigma=0.2'",
        "sigma=0.1,step=5|instanceNoise: expected SIGMA,STEPS or sigma=SIGMA,steps=STEPS (e.g. 0.1,5000), got "
                + "'sigma=0.1,step=5'",
        "-1,5|instanceNoise sigma must be positive and finite, got -1.0",
        "NaN,5|instanceNoise sigma must be positive and finite, got NaN",
        "0.1,0|instanceNoise steps must be at least 1, got 0",
        "0.1,99999999999999999999|instanceNoise steps must be a whole number of at least 1, got "
                + "'99999999999999999999'",
    })
    void badTextIsRefusedSayingWhatWasExpected(String text, String message) {
        assertThatThrownBy(() -> InstanceNoise.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void offByDefaultAndTheReferenceTextAndJsonUnchanged() {
        GanConfig reference = Gan.builder().build();
        assertThat(reference.instanceNoise()).isEmpty();
        assertThat(reference.toString()).doesNotContain("instanceNoise");
        assertThat(reference.spec().toJson()).doesNotContain("instanceNoise");
        GanConfig on = Gan.builder().instanceNoise(0.25, 300).build();
        assertThat(on.instanceNoise()).contains(new InstanceNoise(0.25, 300));
        assertThat(on.toString()).contains("instanceNoise=sigma=0.25,steps=300");
        assertThat(on.toBuilder().build().instanceNoise()).contains(new InstanceNoise(0.25, 300));
        assertThat(on.toBuilder().instanceNoise((InstanceNoise) null).build().instanceNoise()).isEmpty();
    }

    @Test
    void itIsInTheSpecItsJsonAndTheProvenance() throws Exception {
        RunSpec spec = Gan.builder().instanceNoise(0.25, 300).build().spec();
        assertThat(spec.instanceNoise()).contains(new InstanceNoise(0.25, 300));
        String json = spec.toJson();
        assertThat(json).contains("\"instanceNoise\" : \"sigma=0.25,steps=300\"");
        assertThat(RunSpec.fromJson(json)).isEqualTo(spec);
        assertThat(RunSpec.fromJson(json).toJson()).isEqualTo(json);
        assertThat(GanConfig.Builder.from(spec).build().instanceNoise()).contains(new InstanceNoise(0.25, 300));
        assertThat(Gan.builder().build().spec().firstDifference(spec))
                .contains("instanceNoise: off vs sigma=0.25,steps=300");
        assertThat(RunSpec.fromJson(json.replace("\"sigma=0.25,steps=300\"", "\"0.25,300\""))).isEqualTo(spec);
        assertThat(RunSpec.fromJson(json.replace("\"sigma=0.25,steps=300\"", "null")).instanceNoise()).isEmpty();

        GanConfig c = Gan.builder().instanceNoise(0.25, 300).maxSteps(10).build();
        Provenance p = new Provenance(c, "digits", 100, "nd4j", "CPU", "0.1.0", 10, 1,
                java.time.Instant.parse("2026-12-01T12:00:00Z"), java.time.Duration.ofMillis(1500));
        var tree = new org.nd4j.shade.jackson.databind.ObjectMapper().readTree(p.toJson());
        assertThat(tree.get("spec").get("instanceNoise").textValue()).isEqualTo("sigma=0.25,steps=300");
        assertThat(tree.get("config").textValue()).contains("instanceNoise=sigma=0.25,steps=300");
    }

    @Test
    void aRunJsonWrittenBeforeInstanceNoiseExistedStillReads() {
        String old = Gan.builder().build().spec().toJson();
        assertThat(old).doesNotContain("instanceNoise"); // the field is simply absent, as in older files
        assertThat(RunSpec.fromJson(old).instanceNoise()).isEmpty();
        assertThat(RunSpec.fromJson(old)).isEqualTo(Gan.builder().build().spec());
    }

    @Test
    void wrongTypesAndBadValuesAreRefusedNamingTheJsonPath() {
        String json = Gan.builder().instanceNoise(0.25, 300).build().spec().toJson();
        String[][] cases = {
            {"0.25", "$.instanceNoise: expected a string, got a number 0.25"},
            {"{\"sigma\" : 0.25}", "$.instanceNoise: expected a string, got an object {\"sigma\":0.25}"},
            {"true", "$.instanceNoise: expected a string, got a boolean true"},
            {"\"sigma=0,steps=300\"", "$.instanceNoise: instanceNoise sigma must be positive and finite, got 0.0"},
            {"\"0.25\"", "$.instanceNoise: instanceNoise: the annealing steps are missing; expected SIGMA,STEPS or "
                    + "sigma=SIGMA,steps=STEPS (e.g. 0.1,5000), got '0.25'"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> RunSpec.fromJson(json.replace("\"sigma=0.25,steps=300\"", c[0])))
                    .as(c[0]).isInstanceOf(IllegalArgumentException.class).hasMessage(c[1]);
        }
        assertThatThrownBy(() -> RunSpec.fromJson(json.replace("\"instanceNoise\"", "\"instanceNoize\"")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("$.instanceNoize: unknown field");
    }
}
