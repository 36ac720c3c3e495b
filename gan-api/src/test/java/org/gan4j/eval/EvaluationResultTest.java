package org.gan4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

public class EvaluationResultTest {

    /** A result with made-up figures and this FID. */
    public static EvaluationResult result(double fid) {
        return new EvaluationResult("mnist-cnn", 2000, 10000, fid, 0.0123, 0.0011, 8.5, 0.97, 0.91,
                List.of(200, 190, 210, 200, 200, 200, 200, 200, 200, 200), 0.71, 0.52, 0.93, 0.81, 6.1, 7.4,
                Duration.ofMillis(1500));
    }

    @Test
    void scalarsCarryEveryFigureUnderItsNameInOrder() {
        EvaluationResult r = result(12.5);
        assertThat(r.scalars().keySet()).containsExactlyElementsOf(EvaluationResult.SCALAR_NAMES);
        assertThat(r.scalars().values()).containsExactly(12.5, 0.0123, 0.0011, 8.5, 0.97, 0.91, 0.71, 0.52, 0.93,
                0.81, 6.1, 7.4);
    }

    @Test
    void jsonHoldsTheCountsAndEveryFigureAndWritesNonFiniteAsNull() throws Exception {
        JsonNode json = new ObjectMapper().readTree(result(Double.NaN).toJson());
        assertThat(json.get("samples").asInt()).isEqualTo(2000);
        assertThat(json.get("references").asInt()).isEqualTo(10000);
        assertThat(json.get("featureNetwork").asText()).isEqualTo("mnist-cnn");
        assertThat(json.get("fid").isNull()).isTrue();
        assertThat(json.get("recall").asDouble()).isEqualTo(0.52);
        assertThat(json.get("classHistogram").size()).isEqualTo(10);
        assertThat(json.get("seconds").asDouble()).isEqualTo(1.5);
    }

    @Test
    void theTableAndTheSummaryStateTheSampleCounts() {
        EvaluationResult r = result(12.5);
        assertThat(r.table()).startsWith("Evaluation with mnist-cnn: 2000 generated vs 10000 reference images")
                .contains("FID                12.500").contains("memorisation");
        assertThat(r.summaryLine()).startsWith("2000 samples vs 10000 real: FID 12.500");
    }

    @Test
    void countsMustBePositive() {
        assertThatThrownBy(() -> new EvaluationResult("x", 0, 1, 0, 0, 0, 0, 0, 0, List.of(), 0, 0, 0, 0, 0, 0,
                Duration.ZERO)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("samples");
    }

    @Test
    void classFidelityIsInTheTableAndTheJsonOnlyWhenMeasured() {
        EvaluationResult plain = result(12.5);
        assertThat(plain.classFidelity()).isEmpty();
        assertThat(plain.table()).doesNotContain("class fidelity");
        assertThat(plain.toJson()).doesNotContain("classFidelity");
        EvaluationResult measured = plain.withClassFidelity(List.of(0.9, 0.5, 1.0));
        assertThat(measured.table()).contains("class fidelity").contains("0.800 (min 0.500)")
                .contains("0.900 0.500 1.000");
        assertThat(measured.toJson()).contains("\"classFidelity\": [0.9, 0.5, 1.0],");
        assertThat(measured.scalars()).isEqualTo(plain.scalars());
    }
}
