package org.gan4j.nd4j.kernels;

/**
 * The shape of a 2-D convolution over NCHW images (square kernel, stride and padding; no dilation), as PyTorch's
 * {@code nn.Conv2d} defines it: an input of {@code channels x height x width} gives
 * {@code floor((height + 2 padding - kernel) / stride) + 1} output rows, and the same for columns.
 *
 * <p>Its im2col matrix ({@link Kernels#im2col}) has one row per weight of an output channel, ordered
 * {@code (channel, kernel row, kernel column)} like a PyTorch weight {@code [out, in, k, k]} flattened, and one
 * column per (image, output row, output column).
 *
 * @param channels input channels
 * @param height   input rows
 * @param width    input columns
 * @param kernel   kernel rows and columns
 * @param stride   step between windows
 * @param padding  zeros added on each side
 */
public record ConvGeometry(int channels, int height, int width, int kernel, int stride, int padding) {

    /**
     * Checks the sizes.
     *
     * @param channels input channels
     * @param height   input rows
     * @param width    input columns
     * @param kernel   kernel rows and columns
     * @param stride   step between windows
     * @param padding  zeros added on each side
     * @throws IllegalArgumentException if a size is not positive, the padding is negative, or the kernel does not
     *                                  fit the padded input
     */
    public ConvGeometry {
        if (channels <= 0 || height <= 0 || width <= 0 || kernel <= 0 || stride <= 0 || padding < 0) {
            throw new IllegalArgumentException("convolution needs positive channels, height, width, kernel and stride "
                    + "and a non-negative padding, got " + describe(channels, height, width, kernel, stride, padding));
        }
        if (height + 2 * padding < kernel || width + 2 * padding < kernel) {
            throw new IllegalArgumentException("kernel " + kernel + " is larger than the padded input "
                    + (height + 2 * padding) + "x" + (width + 2 * padding) + " ("
                    + describe(channels, height, width, kernel, stride, padding) + ")");
        }
    }

    private static String describe(int c, int h, int w, int k, int s, int p) {
        return "input " + c + "x" + h + "x" + w + ", kernel " + k + ", stride " + s + ", padding " + p;
    }

    /** {@return the output rows} */
    public int outHeight() {
        return (height + 2 * padding - kernel) / stride + 1;
    }

    /** {@return the output columns} */
    public int outWidth() {
        return (width + 2 * padding - kernel) / stride + 1;
    }

    /** {@return the output positions per image and channel: {@code outHeight * outWidth}} */
    public int positions() {
        return outHeight() * outWidth();
    }

    /** {@return the values of one input image: {@code channels * height * width}} */
    public int imageSize() {
        return channels * height * width;
    }

    /** {@return the rows of the im2col matrix: {@code channels * kernel * kernel}} */
    public int patchSize() {
        return channels * kernel * kernel;
    }

    @Override
    public String toString() {
        return describe(channels, height, width, kernel, stride, padding) + " -> " + outHeight() + "x" + outWidth();
    }
}
