package org.gan4j.nd4j.kernels;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.api.ops.impl.scalar.LeakyReLU;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link Kernels} made of ND4J ops only: runs on every ND4J backend (CUDA included) and is the reference the fast
 * path is tested against. Small ND4J ops cost 10-35 µs each, so this path is correct rather than fast.
 */
public final class PortableKernels implements Kernels {

    @Override
    public String name() {
        return "portable";
    }

    private static OpExecutioner exec() {
        return Nd4j.getExecutioner();
    }

    @Override
    public void gemm(INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray c, double alpha,
                     double beta) {
        Nd4j.gemm(a, b, c, transposeA, transposeB, alpha, beta);
    }

    @Override
    public void addRowVector(INDArray y, INDArray bias) {
        y.addiRowVector(bias);
    }

    @Override
    public void columnSums(INDArray dy, INDArray db, boolean accumulate) {
        if (accumulate) {
            db.addi(dy.sum(0));
        } else {
            dy.sum(db, 0);
        }
    }

    @Override
    public void leakyRelu(INDArray x, INDArray out, double slope) {
        exec().exec(new LeakyReLU(x, out, slope));
    }

    @Override
    public void leakyReluBackward(INDArray out, INDArray dy, INDArray dx, double slope) {
        // Not lrelu_bp: it takes the slope as a float (0.2 becomes 0.2000000030, a 1.5e-8 relative error in double
        // precision), and for ReLU it counts the -0.0 output of a negative input as non-negative. Step is 1 exactly
        // where out > 0 (the output has the input's sign); factor = step + (1 - step) slope is exactly 1 or slope.
        exec().exec(new Step(out, dx, 0.0));
        if (slope > 0) {
            dx.addi(dx.rsub(1.0).muli(slope));
        }
        dx.muli(dy);
    }

    @Override
    public void tanh(INDArray x, INDArray out) {
        exec().exec(new Tanh(x, out));
    }

    @Override
    public void tanhBackward(INDArray out, INDArray dy, INDArray dx) {
        out.mul(out, dx);
        dx.rsubi(1.0);
        dx.muli(dy);
    }

    @Override
    public void sigmoid(INDArray x, INDArray out) {
        exec().exec(new Sigmoid(x, out));
    }

    @Override
    public void sigmoidBackward(INDArray out, INDArray dy, INDArray dx) {
        out.rsub(1.0, dx);
        dx.muli(out);
        dx.muli(dy);
    }

    @Override
    public void tanhSecondBackward(INDArray out, INDArray dy, INDArray tangent, INDArray dTangent, INDArray dx) {
        INDArray inner = out.mul(dTangent).muli(tangent).muli(-2.0);
        if (dy != null) {
            inner.addi(dy);
        }
        dx.assign(out.mul(out).rsubi(1.0).muli(inner));
    }

    @Override
    public void sigmoidSecondBackward(INDArray out, INDArray dy, INDArray tangent, INDArray dTangent, INDArray dx) {
        INDArray inner = out.mul(-2.0).addi(1.0).muli(dTangent).muli(tangent);
        if (dy != null) {
            inner.addi(dy);
        }
        dx.assign(out.rsub(1.0).muli(out).muli(inner));
    }

    private static INDArray column(double[] values, INDArray like) {
        return Nd4j.createFromArray(Arrays.copyOf(values, (int) like.rows())).castTo(like.dataType())
                .reshape(like.rows(), 1);
    }

    @Override
    public void interpolateRows(INDArray a, INDArray b, double[] weights, INDArray out) {
        out.assign(a.sub(b).muliColumnVector(column(weights, a)).addi(b));
    }

    @Override
    public void rowNorms(INDArray a, double[] norms) {
        double[] n = a.castTo(DataType.DOUBLE).norm2(1).toDoubleVector();
        System.arraycopy(n, 0, norms, 0, n.length);
    }

    @Override
    public void scaleRows(INDArray a, double[] scales, INDArray out) {
        out.assign(a.mulColumnVector(column(scales, a)));
    }

    @Override
    public double bceWithLogits(INDArray logits, double target, INDArray grad, double gradScale) {
        // The batch is a few dozen values: compute on the host in double precision, write the gradient back once.
        double[] x = logits.toDoubleVector();
        double[] g = new double[x.length];
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += Math.max(x[i], 0) - x[i] * target + Math.log1p(Math.exp(-Math.abs(x[i])));
            g[i] = gradScale * (sigmoid(x[i]) - target);
        }
        grad.assign(Nd4j.createFromArray(g).reshape(grad.shape()).castTo(grad.dataType()));
        return sum;
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    @Override
    public double mean(INDArray values) {
        double sum = 0;
        for (double v : values.toDoubleVector()) {
            sum += v;
        }
        return sum / values.length();
    }

    @Override
    public double meanSigmoid(INDArray logits) {
        double[] x = logits.toDoubleVector();
        double sum = 0;
        for (double v : x) {
            sum += sigmoid(v);
        }
        return sum / x.length;
    }

    /** Temporaries of the image kernels, per thread, by purpose, type and shape: allocated once, not per call. */
    private final ThreadLocal<Map<String, INDArray>> temporaries = ThreadLocal.withInitial(
            () -> new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, INDArray> eldest) {
                    return size() > 32;
                }
            });

    /** A temporary array for {@code purpose}; its contents are whatever the last user left. */
    private INDArray temporary(String purpose, DataType type, long... shape) {
        String key = purpose + type + Arrays.toString(shape);
        return temporaries.get().computeIfAbsent(key, k -> Nd4j.create(type, shape, 'c'));
    }

    /** {@code [rows, channels * P]} seen as {@code [rows, channels, P]} (a view). */
    private static INDArray byPosition(INDArray images, int channels) {
        return images.reshape('c', images.rows(), channels, images.columns() / channels);
    }

    @Override
    public void im2col(INDArray x, ConvGeometry g, INDArray col) {
        long n = x.rows();
        int k = g.kernel();
        INDArray patches = temporary("patches", x.dataType(), n, g.channels(), k, k, g.outHeight(), g.outWidth());
        // libnd4j's im2col: iArgs kH, kW, sH, sW, pH, pW, dH, dW, isSameMode; writes [n, C, kH, kW, oH, oW].
        Nd4j.exec(DynamicCustomOp.builder("im2col")
                .addInputs(x.reshape('c', n, g.channels(), g.height(), g.width()))
                .addOutputs(patches)
                .addIntegerArguments(k, k, g.stride(), g.stride(), g.padding(), g.padding(), 1, 1, 0)
                .build());
        col.reshape('c', g.channels(), k, k, n, g.outHeight(), g.outWidth()).assign(patches.permute(1, 2, 3, 0, 4, 5));
    }

    @Override
    public void col2im(INDArray col, ConvGeometry g, INDArray x) {
        long n = x.rows();
        int k = g.kernel();
        INDArray patches = temporary("patches", x.dataType(), n, g.channels(), k, k, g.outHeight(), g.outWidth());
        patches.assign(col.reshape('c', g.channels(), k, k, n, g.outHeight(), g.outWidth()).permute(3, 0, 1, 2, 4, 5));
        // libnd4j's col2im: iArgs sH, sW, pH, pW, imgH, imgW, dH, dW, isSameMode; zeroes its output, then sums overlaps.
        Nd4j.exec(DynamicCustomOp.builder("col2im")
                .addInputs(patches)
                .addOutputs(x.reshape('c', n, g.channels(), g.height(), g.width()))
                .addIntegerArguments(g.stride(), g.stride(), g.padding(), g.padding(), g.height(), g.width(), 1, 1, 0)
                .build());
    }

    @Override
    public void transposedConvolution(INDArray w, INDArray byChannel, ConvGeometry g, INDArray bias, INDArray out) {
        INDArray col = temporary("columns", out.dataType(), g.patchSize(), out.rows() * g.positions());
        gemm(w, true, byChannel, false, col, 1.0, 0.0);
        col2im(col, g, out);
        if (bias != null) {
            addChannelBias(out, g.channels(), bias);
        }
    }

    @Override
    public void imagesToChannels(INDArray images, int channels, INDArray byChannel) {
        long n = images.rows();
        byChannel.reshape('c', channels, n, images.columns() / channels)
                .assign(byPosition(images, channels).permute(1, 0, 2));
    }

    @Override
    public void channelsToImages(INDArray byChannel, int channels, INDArray bias, INDArray images) {
        long n = images.rows();
        byPosition(images, channels).assign(byChannel.reshape('c', channels, n, images.columns() / channels)
                .permute(1, 0, 2));
        if (bias != null) {
            addChannelBias(images, channels, bias);
        }
    }

    @Override
    public void addChannelBias(INDArray images, int channels, INDArray bias) {
        INDArray y = byPosition(images, channels);
        exec().exec(new BroadcastAddOp(y, bias, y, 1));
    }

    @Override
    public void channelSums(INDArray images, int channels, INDArray sums, boolean accumulate) {
        INDArray s = byPosition(images, channels).sum(0, 2);
        if (accumulate) {
            sums.addi(s);
        } else {
            sums.assign(s);
        }
    }

    @Override
    public void channelMeanVariance(INDArray x, int channels, INDArray mean, INDArray variance) {
        INDArray x3 = byPosition(x, channels);
        mean.assign(x3.mean(0, 2));
        variance.assign(x3.var(false, 0, 2));
    }

    @Override
    public void batchNorm(INDArray x, int channels, INDArray mean, INDArray variance, double eps, INDArray gamma,
                          INDArray beta, INDArray invStd, INDArray y) {
        exec().exec(new Sqrt(variance.add(eps), invStd));
        invStd.rdivi(1.0);
        INDArray y3 = byPosition(y, channels);
        exec().exec(new BroadcastSubOp(byPosition(x, channels), mean, y3, 1));
        exec().exec(new BroadcastMulOp(y3, invStd.mul(gamma), y3, 1));
        exec().exec(new BroadcastAddOp(y3, beta, y3, 1));
    }

    @Override
    public void batchNormBackward(INDArray x, INDArray dy, int channels, INDArray mean, INDArray invStd,
                                  INDArray gamma, boolean batchStatistics, INDArray sums, INDArray dx) {
        INDArray dy3 = byPosition(dy, channels);
        INDArray xhat = temporary("xhat", x.dataType(), dy3.shape());
        exec().exec(new BroadcastSubOp(byPosition(x, channels), mean, xhat, 1));
        exec().exec(new BroadcastMulOp(xhat, invStd, xhat, 1));
        INDArray sumDyXhat = dy3.mul(xhat).sum(0, 2);
        INDArray sumDy = dy3.sum(0, 2);
        sums.getRow(0).assign(sumDyXhat);
        sums.getRow(1).assign(sumDy);
        if (dx == null) {
            return;
        }
        INDArray dx3 = byPosition(dx, channels);
        if (batchStatistics) {
            double m = dy3.size(0) * dy3.size(2);
            // dx = gamma invStd (dy - sum(dy)/M - xhat sum(dy xhat)/M)
            exec().exec(new BroadcastMulOp(xhat, sumDyXhat.div(m), xhat, 1));
            exec().exec(new BroadcastSubOp(dy3, sumDy.div(m), dx3, 1));
            dx3.subi(xhat);
            exec().exec(new BroadcastMulOp(dx3, gamma.mul(invStd), dx3, 1));
        } else {
            exec().exec(new BroadcastMulOp(dy3, gamma.mul(invStd), dx3, 1));
        }
    }

    @Override
    public void movingAverage(INDArray average, INDArray value, double momentum, double scale) {
        average.muli(1 - momentum).addi(value.mul(momentum * scale));
    }

    @Override
    public void add(INDArray src, INDArray dst) {
        dst.addi(src);
    }

    @Override
    public void applyMask(INDArray x, INDArray mask, double scale, INDArray out) {
        x.mul(mask, out);
        out.muli(scale);
    }

    @Override
    public AdamState adamState(INDArray params, INDArray grads) {
        return new PortableAdam(params, grads);
    }

    @Override
    public EmaState emaState(INDArray live, INDArray average) {
        return new PortableEma(live, average);
    }

    @Override
    public RmsPropState rmsPropState(INDArray params, INDArray grads, boolean momentum) {
        return new PortableRmsProp(params, grads, momentum);
    }

    @Override
    public SgdState sgdState(INDArray params, INDArray grads, boolean momentum) {
        return new PortableSgd(params, grads, momentum);
    }

    /** Adam with ND4J ops on arrays of the parameters' backend. */
    private static final class PortableAdam implements AdamState {
        private final INDArray params;
        private final INDArray grads;
        private final INDArray m;
        private final INDArray v;
        private final INDArray scratch;
        /** The clipping bound; 0 for none. */
        private double clip;

        PortableAdam(INDArray params, INDArray grads) {
            this.params = params;
            this.grads = grads;
            this.m = Nd4j.zeros(params.dataType(), params.length());
            this.v = Nd4j.zeros(params.dataType(), params.length());
            this.scratch = Nd4j.zeros(params.dataType(), params.length());
        }

        @Override
        public void update(double lr, double beta1, double beta2, double eps, long step) {
            update(lr, beta1, beta2, eps, step, params, grads, m, v, scratch);
        }

        @Override
        public void update(double lr, double beta1, double beta2, double eps, long step, long from, long to) {
            INDArrayIndex range = NDArrayIndex.interval(from, to);
            update(lr, beta1, beta2, eps, step, params.get(range), grads.get(range), m.get(range), v.get(range),
                    scratch.get(range));
        }

        private void update(double lr, double beta1, double beta2, double eps, long step, INDArray p,
                            INDArray g, INDArray m1, INDArray m2, INDArray tmp) {
            double bc1 = 1 - Math.pow(beta1, step);
            double bc2 = 1 - Math.pow(beta2, step);
            // m = b1 m + (1 - b1) g
            g.mul(1 - beta1, tmp);
            m1.muli(beta1).addi(tmp);
            // v = b2 v + (1 - b2) g^2
            g.mul(g, tmp);
            tmp.muli(1 - beta2);
            m2.muli(beta2).addi(tmp);
            // denom = sqrt(v) / sqrt(bc2) + eps ; p -= (lr / bc1) * m / denom
            exec().exec(new Sqrt(m2, tmp));
            tmp.divi(Math.sqrt(bc2)).addi(eps);
            m1.div(tmp, tmp);
            tmp.muli(lr / bc1);
            p.subi(tmp);
            if (clip > 0) {
                Clip.clamp(p, clip);
            }
        }

        @Override
        public INDArray firstMoment() {
            return m.dup();
        }

        @Override
        public INDArray secondMoment() {
            return v.dup();
        }

        @Override
        public void restore(INDArray firstMoment, INDArray secondMoment) {
            m.assign(firstMoment.reshape(m.length()));
            v.assign(secondMoment.reshape(v.length()));
        }

        @Override
        public void parametersChanged() {
            // reads the parameters in place every step
        }

        @Override
        public void clipParameters(double bound) {
            clip = Clip.bound(bound);
        }
    }

    @Override
    public void copyFromHost(float[] src, INDArray dst) {
        long n = dst.length();
        if (!dst.isView() && dst.data().length() == n && src.length == n) {
            dst.data().setData(src);
        } else {
            float[] part = src.length == n ? src : java.util.Arrays.copyOf(src, (int) n);
            dst.assign(Nd4j.createFromArray(part).reshape('c', dst.shape()).castTo(dst.dataType()));
        }
    }

    @Override
    public void copyColumns(INDArray src, int srcFrom, INDArray dst, int dstFrom, int width) {
        dst.get(NDArrayIndex.all(), NDArrayIndex.interval(dstFrom, dstFrom + width))
                .assign(src.get(NDArrayIndex.all(), NDArrayIndex.interval(srcFrom, srcFrom + width)));
    }

    @Override
    public void copy(INDArray src, INDArray dst) {
        dst.assign(src);
    }

    @Override
    public void zero(INDArray a) {
        a.assign(0);
    }
}
