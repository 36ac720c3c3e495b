package org.gan4j.nd4j.layers;

import java.util.List;
import org.gan4j.SeededRandom;
import org.gan4j.nd4j.kernels.Kernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * PyTorch's {@code nn.Dropout(p)}, {@code [batch, n] -> [batch, n]}: in train mode each value is zeroed with
 * probability {@code p} and the others scaled by {@code 1/(1-p)} (inverted dropout); in eval mode it is the
 * identity and returns its input (and backward its output gradient) unchanged.
 *
 * <p>The masks come from a {@link SeededRandom} stream of the layer's own, one {@code nextDouble()} per value in
 * c-order, kept when it is below {@code 1 - p} ({@link SeededRandom#fillBernoulli} draws them in bulk). The stream's
 * state lives in a buffer, {@code rng} (three longs: the generator's state, whether a Gaussian spare is held, the
 * spare's bits), read before and written after every train-mode pass: checkpoints save it with the other buffers,
 * so a resumed run draws the same masks as an uninterrupted one, with no special case.
 */
public final class Dropout extends ParameterFreeLayer {

    private final Kernels kernels;
    private final DataType dataType;
    private final double p;
    private final double scale;
    private final String name;
    private final BatchBuffers outputs;
    private final BatchBuffers inputGradients;
    private final BatchBuffers masks;
    /** The mask stream's state: the layer's only buffer. */
    private final INDArray rng = org.nd4j.linalg.factory.Nd4j.create(DataType.LONG, 3);
    private float[] hostMask = new float[0];

    private INDArray lastMask;
    private INDArray lastOutput;
    private RowSlice slice;

    /**
     * Dropout over rows of {@code size} values.
     *
     * @param kernels  the arithmetic
     * @param dataType FLOAT or DOUBLE
     * @param size     values per row
     * @param p        the probability of zeroing a value, in {@code [0, 1]}
     * @param seed     the seed of the mask stream
     */
    public Dropout(Kernels kernels, DataType dataType, int size, double p, long seed) {
        super("Dropout", size);
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout probability must be in [0, 1], got " + p);
        }
        this.kernels = kernels;
        this.dataType = dataType;
        this.p = p;
        this.scale = p == 1 ? 0 : 1 / (1 - p); // p = 1: PyTorch returns zeros
        this.name = "Dropout(" + p + ")";
        this.outputs = new BatchBuffers(dataType, size);
        this.inputGradients = new BatchBuffers(dataType, size);
        this.masks = new BatchBuffers(dataType, size);
        reseed(seed);
    }

    /** {@return the probability of zeroing a value} */
    public double probability() {
        return p;
    }

    /**
     * Restarts the mask stream from {@code seed}.
     *
     * @param seed the new seed
     */
    public void reseed(long seed) {
        restoreRandomState(new SeededRandom(seed).state());
    }

    /** {@return the mask stream's state, as the {@code rng} buffer holds it} */
    public SeededRandom.State randomState() {
        return new SeededRandom.State(rng.getLong(0), rng.getLong(1) != 0, Double.longBitsToDouble(rng.getLong(2)));
    }

    /**
     * Continues the mask stream from a saved state.
     *
     * @param state what {@link #randomState()} returned
     */
    public void restoreRandomState(SeededRandom.State state) {
        rng.putScalar(0, state.state());
        rng.putScalar(1, state.hasSpare() ? 1L : 0L);
        rng.putScalar(2, Double.doubleToRawLongBits(state.spare()));
    }

    @Override
    public List<NamedBuffer> buffers() {
        return List.of(new NamedBuffer("rng", rng));
    }

    /**
     * Makes this the layer of one worker of a data-parallel run: each train-mode pass draws the masks of the global
     * batch's rows, in the order one process draws them, and applies those of the worker's rows ({@link RowSlice}).
     *
     * @param rows the worker's rows
     */
    public void drawForRowsOf(RowSlice rows) {
        this.slice = rows;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Shapes.checkInput(name, x, size, dataType);
        if (!training || p == 0) {
            lastMask = null;
            lastOutput = x;
            return x;
        }
        int n = Math.toIntExact(x.length());
        if (hostMask.length < n) {
            hostMask = new float[n];
        }
        double keep = 1 - p;
        SeededRandom random = SeededRandom.restore(randomState());
        if (slice == null) {
            random.fillBernoulli(hostMask, 0, n, keep);
        } else {
            drawSlice(random, x.rows(), keep);
        }
        restoreRandomState(random.state());
        INDArray mask = masks.get(x.rows());
        kernels.copyFromHost(hostMask, mask);
        INDArray y = outputs.get(x.rows());
        kernels.applyMask(x, mask, scale, y);
        lastMask = mask;
        lastOutput = y;
        return y;
    }

    /** The masks of this worker's rows of each segment, out of the global segments' draws in c-order. */
    private void drawSlice(SeededRandom random, long rows, double keep) {
        int b = slice.rowsPerWorker();
        if (b < 1 || rows % b != 0) {
            throw new IllegalStateException(name + ": a pass over " + rows + " rows is not a whole number of "
                    + "segments of the worker's " + b + " rows");
        }
        long segments = rows / b;
        long globalRows = (long) b * slice.workers();
        long mine = (long) slice.rank() * b;
        int i = 0;
        for (long s = 0; s < segments; s++) {
            random.skip(mine * size);
            random.fillBernoulli(hostMask, i, b * size, keep);
            i += b * size;
            random.skip((globalRows - mine - b) * size);
        }
    }

    @Override
    public INDArray backward(INDArray dy, GradientMode parameterGradients, boolean inputGradient) {
        Shapes.checkGradient(name, dy, lastOutput);
        if (!inputGradient) {
            return null;
        }
        if (lastMask == null) {
            return dy;
        }
        INDArray dx = inputGradients.get(dy.rows());
        kernels.applyMask(dy, lastMask, scale, dx);
        return dx;
    }

    @Override
    public String toString() {
        return name;
    }
}
