package org.gan4j.nd4j.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.data.Mnist;
import org.gan4j.eval.Evaluation;
import org.gan4j.eval.EvaluationResult;
import org.gan4j.eval.FeatureNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The evaluator's cache: what it holds, that a cached preparation measures the same, and damaged entries. */
class EvaluatorCacheTest {

    @TempDir
    Path cache;

    private static final Path MNIST = Path.of("..", "data", "mnist");

    @Test
    void aCachedPreparationMeasuresTheSameAndADamagedEntryIsComputedAgain() throws IOException {
        Dataset all = Mnist.load(MNIST);
        Dataset reference = Datasets.first(all, 300);
        INDArray samples = Datasets.firstImages(all, 400).get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(300, 400), org.nd4j.linalg.indexing.NDArrayIndex.all());
        Evaluation uncached = Evaluation.builder(FeatureNetwork.mnist(), reference).kidSubsets(3).build();
        Evaluation cached = uncached.toBuilder().cacheDirectory(cache).build();
        EvaluationResult expected = uncached.evaluate(samples);

        EvaluationResult first = cached.evaluate(samples);
        List<Path> entries = list();
        assertThat(entries).as("features, neighbour radii, memorisation baseline").hasSize(3);
        EvaluationResult second = cached.evaluate(samples);
        assertThat(first.scalars()).isEqualTo(expected.scalars());
        assertThat(second.scalars()).as("from the cache").isEqualTo(expected.scalars());

        java.util.Map<Path, byte[]> intact = new java.util.HashMap<>();
        for (Path entry : entries) {
            byte[] bytes = Files.readAllBytes(entry);
            intact.put(entry, bytes.clone());
            bytes[bytes.length / 2] ^= 1;
            Files.write(entry, bytes);
        }
        assertThat(cached.evaluate(samples).scalars()).as("damaged entries computed again")
                .isEqualTo(expected.scalars());
        for (Path entry : entries) {
            assertThat(Files.readAllBytes(entry)).as("%s rewritten intact", entry.getFileName())
                    .isEqualTo(intact.get(entry));
        }
    }

    private List<Path> list() throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.sorted().toList();
        }
    }
}
