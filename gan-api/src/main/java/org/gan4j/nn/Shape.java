package org.gan4j.nn;

import com.google.common.base.Preconditions;
import java.util.Arrays;

/**
 * The shape of one example as a layer sees it, without the batch dimension: {@code [features]} for rows,
 * {@code [channels, height, width]} for images (NCHW, as in PyTorch, with the batch in front). Arrays travel between
 * layers as rows of {@link #size()} values in c-order, so an image's values are channel by channel, row by row.
 */
public final class Shape {

    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /**
     * A shape of the given dimensions.
     *
     * @param dims each positive; at least one
     * @return the shape
     * @throws IllegalArgumentException if there is no dimension, one is not positive, or the size overflows an int
     */
    public static Shape of(int... dims) {
        Preconditions.checkArgument(dims.length > 0, "a shape needs at least one dimension");
        long size = 1;
        for (int d : dims) {
            Preconditions.checkArgument(d > 0, "every dimension must be positive, got %s", Arrays.toString(dims));
            size *= d;
            Preconditions.checkArgument(size <= Integer.MAX_VALUE, "shape %s has more than %s values",
                    Arrays.toString(dims), Integer.MAX_VALUE);
        }
        return new Shape(dims.clone());
    }

    /**
     * Rows of {@code features} values.
     *
     * @param features values per example, positive
     * @return {@code [features]}
     */
    public static Shape vector(int features) {
        return of(features);
    }

    /**
     * Images, channels first.
     *
     * @param channels channels per pixel (1 for grey, 3 for colour)
     * @param height   rows of pixels
     * @param width    columns of pixels
     * @return {@code [channels, height, width]}
     */
    public static Shape image(int channels, int height, int width) {
        return of(channels, height, width);
    }

    /**
     * Parses the form {@link #toString()} writes, e.g. {@code [1, 28, 28]}.
     *
     * @param text the shape's text
     * @return the shape
     * @throws IllegalArgumentException if the text is not a shape
     */
    public static Shape parse(String text) {
        String t = text.trim();
        Preconditions.checkArgument(t.startsWith("[") && t.endsWith("]"), "a shape is written like [1, 28, 28], "
                + "got '%s'", text);
        String inner = t.substring(1, t.length() - 1).trim();
        Preconditions.checkArgument(!inner.isEmpty(), "a shape needs at least one dimension, got '%s'", text);
        String[] parts = inner.split(",");
        int[] dims = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                dims[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("dimension " + i + " of shape '" + text + "' is not an integer");
            }
        }
        return of(dims);
    }

    /** {@return the number of dimensions: 1 for rows, 3 for images} */
    public int rank() {
        return dims.length;
    }

    /**
     * One dimension's length: {@code dim(0)} is the channels of an image, or the features of a row.
     *
     * @param i the dimension's index, from 0 to {@code rank() - 1}
     * @return its length, positive
     * @throws ArrayIndexOutOfBoundsException if {@code i} is not a dimension's index
     */
    public int dim(int i) {
        return dims[i];
    }

    /** {@return the dimensions, a copy} */
    public int[] dims() {
        return dims.clone();
    }

    /** {@return the number of values per example (the product of the dimensions)} */
    public int size() {
        int s = 1;
        for (int d : dims) {
            s *= d;
        }
        return s;
    }

    /** {@return whether this is {@code [channels, height, width]}} */
    public boolean isImage() {
        return dims.length == 3;
    }

    /** {@return whether this is {@code [features]}} */
    public boolean isVector() {
        return dims.length == 1;
    }

    /** {@return {@code [size()]}: the same values as one row} */
    public Shape flat() {
        return vector(size());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(s.dims, dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** {@return the dimensions in brackets, e.g. {@code [1, 28, 28]}} */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
