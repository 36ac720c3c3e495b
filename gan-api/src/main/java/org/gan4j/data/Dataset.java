package org.gan4j.data;

/**
 * A source of real images for training: a fixed number of images of one shape, read by index. Pixels are handed out
 * as floats scaled to {@code [-1, 1]} (the reference's {@code Normalize((0.5,), (0.5,))}), flattened channels first
 * ({@code [channels][height][width]}, NCHW with the batch in front, as PyTorch and every gan4j layer hold images).
 *
 * <p>The trainer asks for batches by index, so implementations hold their images once and copy only the requested
 * rows; see {@link ImageDataset}.
 */
public interface Dataset {

    /** {@return a short description for logs and provenance, e.g. {@code "MNIST t10k (10000 images)"}} */
    String name();

    /** {@return the number of images, positive} */
    int size();

    /** {@return the image height in pixels} */
    int height();

    /** {@return the image width in pixels} */
    int width();

    /** {@return the channels per pixel: 1 for grey, 3 for RGB} */
    int channels();

    /** {@return the shape of one image, {@code [channels, height, width]}} */
    default org.gan4j.nn.Shape imageShape() {
        return org.gan4j.nn.Shape.image(channels(), height(), width());
    }

    /**
     * {@return the values per image: {@code height() * width() * channels()}}
     *
     * @throws ArithmeticException if that product does not fit an {@code int} (no array could hold one image)
     */
    default int imageSize() {
        return Math.multiplyExact(Math.multiplyExact(height(), width()), channels());
    }

    /**
     * Copies images into {@code dest}, one after another.
     *
     * @param indices image indices
     * @param from    first position in {@code indices} to copy
     * @param count   number of images to copy
     * @param dest    receives {@code count * imageSize()} values in {@code [-1, 1]} from position 0
     * @throws IndexOutOfBoundsException for an index outside {@code [0, size())}
     */
    void copyImages(int[] indices, int from, int count, float[] dest);

    /** {@return whether every image has a class label} */
    boolean hasLabels();

    /**
     * The class label of an image.
     *
     * @param index the image's index, in {@code [0, size())}
     * @return its label, e.g. the digit 0-9 for MNIST or the sub-directory's number for an image folder
     * @throws IllegalStateException if the dataset has no labels
     * @throws IndexOutOfBoundsException for an index outside {@code [0, size())}
     */
    int label(int index);

    /**
     * The names of the classes, when the dataset knows them: Fashion-MNIST's ten names, MNIST's digits, an image
     * folder's sub-directory names. A conditional run on the dataset names its classes after them
     * ({@link org.gan4j.ClassLabels#namesOf}); a dataset that does not name them has its classes numbered from its
     * labels.
     *
     * @return label {@code i}'s name at position {@code i}; empty when the dataset has no labels or does not name
     *         its classes (the default)
     */
    default java.util.List<String> classNames() {
        return java.util.List.of();
    }
}
