package org.gan4j.nd4j.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.api.ops.impl.scalar.LeakyReLU;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.LeakyReLUBp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

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
        if (slope > 0) {
            // The output has the input's sign, which is all lrelu_bp looks at.
            exec().exec(new LeakyReLUBp(out, dy, dx, slope));
        } else {
            // ReLU: a negative input gives an output of -0.0, which lrelu_bp counts as non-negative (gradient
            // passed through). Step is 1 exactly where out > 0.
            exec().exec(new Step(out, dx, 0.0));
            dx.muli(dy);
        }
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
    public double meanSigmoid(INDArray logits) {
        double[] x = logits.toDoubleVector();
        double sum = 0;
        for (double v : x) {
            sum += sigmoid(v);
        }
        return sum / x.length;
    }

    @Override
    public AdamState adamState(INDArray params, INDArray grads) {
        return new PortableAdam(params, grads);
    }

    /** Adam with ND4J ops on arrays of the parameters' backend. */
    private static final class PortableAdam implements AdamState {
        private final INDArray params;
        private final INDArray grads;
        private final INDArray m;
        private final INDArray v;
        private final INDArray scratch;

        PortableAdam(INDArray params, INDArray grads) {
            this.params = params;
            this.grads = grads;
            this.m = Nd4j.zeros(params.dataType(), params.length());
            this.v = Nd4j.zeros(params.dataType(), params.length());
            this.scratch = Nd4j.zeros(params.dataType(), params.length());
        }

        @Override
        public void update(double lr, double beta1, double beta2, double eps, long step) {
            double bc1 = 1 - Math.pow(beta1, step);
            double bc2 = 1 - Math.pow(beta2, step);
            // m = b1 m + (1 - b1) g
            grads.mul(1 - beta1, scratch);
            m.muli(beta1).addi(scratch);
            // v = b2 v + (1 - b2) g^2
            grads.mul(grads, scratch);
            scratch.muli(1 - beta2);
            v.muli(beta2).addi(scratch);
            // denom = sqrt(v) / sqrt(bc2) + eps ; p -= (lr / bc1) * m / denom
            exec().exec(new Sqrt(v, scratch));
            scratch.divi(Math.sqrt(bc2)).addi(eps);
            m.div(scratch, scratch);
            scratch.muli(lr / bc1);
            params.subi(scratch);
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
    public void copy(INDArray src, INDArray dst) {
        dst.assign(src);
    }

    @Override
    public void zero(INDArray a) {
        a.assign(0);
    }
}
