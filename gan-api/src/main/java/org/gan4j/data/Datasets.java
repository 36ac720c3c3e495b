package org.gan4j.data;

import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small helpers over {@link Dataset}s. */
public final class Datasets {

    private Datasets() {
    }

    /**
     * A view of the first {@code count} images (and labels) of {@code dataset}, without copying: a quick small run, or
     * small real data for a test.
     *
     * @param dataset the full dataset
     * @param count   how many images to keep, in {@code [1, dataset.size()]}
     * @return a dataset of {@code dataset}'s first {@code count} images and labels, of the same image shape
     * @throws IllegalArgumentException unless {@code 0 < count <= dataset.size()}
     */
    public static Dataset first(Dataset dataset, int count) {
        if (count <= 0 || count > dataset.size()) {
            throw new IllegalArgumentException("count must be in [1, " + dataset.size() + "] for " + dataset.name()
                    + ", got " + count);
        }
        return new First(dataset, count);
    }

    private record First(Dataset of, int size) implements Dataset {
        @Override
        public String name() {
            return "first " + size + " of " + of.name();
        }

        @Override
        public int height() {
            return of.height();
        }

        @Override
        public int width() {
            return of.width();
        }

        @Override
        public int channels() {
            return of.channels();
        }

        @Override
        public void copyImages(int[] indices, int from, int count, float[] dest) {
            of.copyImages(indices, from, count, dest); // indices come from [0, size): inside the first images
        }

        @Override
        public boolean hasLabels() {
            return of.hasLabels();
        }

        @Override
        public int label(int index) {
            return of.label(index);
        }

        @Override
        public java.util.List<String> classNames() {
            return of.classNames(); // the classes of the whole dataset, even if the first images lack some
        }
    }

    /**
     * The first images of a dataset as one array, e.g. a grid of real images beside generated ones.
     *
     * @param dataset the dataset to read
     * @param count   how many images to take; fewer if the dataset is smaller
     * @return a new {@code [n, imageSize]} float array, {@code n = min(count, dataset.size())}, values in
     *     {@code [-1, 1]}
     * @throws IllegalArgumentException if the {@code n} images do not fit one Java array
     */
    public static INDArray firstImages(Dataset dataset, int count) {
        int n = Math.min(count, dataset.size());
        long values64 = (long) n * dataset.height() * dataset.width() * dataset.channels(); // imageSize() is an int
        if (values64 > ImageDataset.MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException(n + " images of " + dataset.height() + "x" + dataset.width() + "x"
                    + dataset.channels() + " from " + dataset.name() + " are " + values64
                    + " values, more than one array holds");
        }
        float[] values = new float[(int) values64];
        dataset.copyImages(IntStream.range(0, n).toArray(), 0, n, values);
        return Nd4j.createFromArray(values).reshape('c', n, dataset.imageSize());
    }
}
