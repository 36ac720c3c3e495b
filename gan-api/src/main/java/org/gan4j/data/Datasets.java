package org.gan4j.data;

import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small helpers over {@link Dataset}s. */
public final class Datasets {

    private Datasets() {
    }

    /** The first {@code count} images (fewer if the dataset is smaller) as a new {@code [n, imageSize]} array. */
    public static INDArray firstImages(Dataset dataset, int count) {
        int n = Math.min(count, dataset.size());
        float[] values = new float[n * dataset.imageSize()];
        dataset.copyImages(IntStream.range(0, n).toArray(), 0, n, values);
        return Nd4j.createFromArray(values).reshape('c', n, dataset.imageSize());
    }
}
