package org.gan4j.nd4j.loss;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.gan4j.Loss;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * ACGAN's losses ({@link org.gan4j.Objective.AuxiliaryClassifier}) on a discriminator of {@code 1 + classes} outputs
 * per image: column 0 is the adversarial output, which the wrapped objective's {@link Loss} reads as it reads a
 * one-output discriminator's; columns {@code 1..classes} are the class logits, scored by the softmax cross-entropy
 * against the rows' labels:
 * {@code lossD = adversarial lossD + weight (mean CE(real) + mean CE(fake)) / 2} and
 * {@code lossG = adversarial lossG + weight mean CE(fake)}. The step tells it the rows' labels before each call
 * ({@link #labels}).
 *
 * <p>Unlike other {@link Loss}es its arrays are {@code [batch, 1 + classes]}. The adversarial column is copied into
 * contiguous {@code [batch, 1]} buffers (the kernels' losses read flat rows) and its gradient written back; the
 * cross-entropy is computed in double on the host with {@link StrictMath}'s {@code exp} and {@code log} (specified to
 * the bit, so a resumed run matches one that never stopped), a few values per image next to the networks' work.
 */
public final class AuxiliaryClassifierLoss implements Loss {

    private final Loss adversarial;
    private final double weight;
    private int[] realLabels = new int[0];
    private int[] fakeLabels = new int[0];
    /** Contiguous {@code [n, 1]} buffers per role and batch size: the adversarial outputs and their gradients. */
    private final Map<Slot, INDArray[]> columns = new HashMap<>();
    /** A contiguous gradient of D's outputs per shape and type, written from the host, then assigned to D's buffer. */
    private final Map<java.util.List<Object>, INDArray> staged = new HashMap<>();
    private INDArray lastReal;
    private INDArray lastFake;
    private double accuracyReal;
    private double accuracyFake;

    /**
     * ACGAN's losses over an adversarial objective's.
     *
     * @param adversarial the loss of the adversarial output (column 0)
     * @param weight      the cross-entropy's weight, positive
     */
    public AuxiliaryClassifierLoss(Loss adversarial, double weight) {
        this.adversarial = Objects.requireNonNull(adversarial, "adversarial");
        if (!(weight > 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("aux: weight must be positive and finite, got " + weight);
        }
        this.weight = weight;
    }

    /**
     * The labels of the rows of the next calls: row {@code i} of the real outputs has class {@code real[i]}, row
     * {@code i} of the generated ones {@code fake[i]} (the class G was given). The arrays are read, not copied, at
     * each call: the step owns them and refills them before every step.
     *
     * @param real the real images' labels, at least as many as real rows
     * @param fake the generated images' labels, at least as many as generated rows
     */
    public void labels(int[] real, int[] fake) {
        this.realLabels = Objects.requireNonNull(real, "real");
        this.fakeLabels = Objects.requireNonNull(fake, "fake");
    }

    @Override
    public String name() {
        return adversarial.name() + "+aux";
    }

    @Override
    public boolean separable() {
        return adversarial.separable();
    }

    @Override
    public boolean generatorNeedsRealOutputs() {
        return adversarial.generatorNeedsRealOutputs();
    }

    @Override
    public double discriminatorLoss(INDArray realOut, INDArray fakeOut, INDArray gradReal, INDArray gradFake) {
        INDArray[] r = adversarialColumn(realOut, true);
        INDArray[] f = adversarialColumn(fakeOut, false);
        double loss = adversarial.discriminatorLoss(r[0], f[0], r[1], f[1]);
        Classification real = classify(realOut, realLabels, "real");
        Classification fake = classify(fakeOut, fakeLabels, "generated");
        write(real, r[1], weight / 2, gradReal);
        write(fake, f[1], weight / 2, gradFake);
        lastReal = r[0];
        lastFake = f[0];
        accuracyReal = real.accuracy;
        accuracyFake = fake.accuracy;
        return loss + weight * (real.loss + fake.loss) / 2;
    }

    @Override
    public double generatorLoss(INDArray fakeOut, INDArray gradFake) {
        INDArray[] f = adversarialColumn(fakeOut, false);
        double loss = adversarial.generatorLoss(f[0], f[1]);
        return loss + generatorClassLoss(fakeOut, f[1], gradFake);
    }

    @Override
    public double generatorLoss(INDArray realOut, INDArray fakeOut, INDArray gradFake) {
        INDArray[] r = adversarialColumn(realOut, true);
        INDArray[] f = adversarialColumn(fakeOut, false);
        double loss = adversarial.generatorLoss(r[0], f[0], f[1]);
        return loss + generatorClassLoss(fakeOut, f[1], gradFake);
    }

    private double generatorClassLoss(INDArray fakeOut, INDArray adversarialGrad, INDArray gradFake) {
        Classification fake = classify(fakeOut, fakeLabels, "generated");
        write(fake, adversarialGrad, weight, gradFake);
        return weight * fake.loss;
    }

    /**
     * {@return the adversarial outputs of the real rows of the last {@link #discriminatorLoss} call, {@code [n, 1]}}
     * (the step reports their mean as D(x))
     */
    public INDArray lastAdversarialReal() {
        return lastReal;
    }

    /** {@return the adversarial outputs of the generated rows of the last {@link #discriminatorLoss} call} */
    public INDArray lastAdversarialFake() {
        return lastFake;
    }

    /** {@return the share of real rows of the last {@link #discriminatorLoss} call whose label got the top logit} */
    public double accuracyReal() {
        return accuracyReal;
    }

    /** {@return the share of generated rows of the last {@link #discriminatorLoss} call assigned their label} */
    public double accuracyFake() {
        return accuracyFake;
    }

    /** Column 0 of {@code out} copied into a contiguous buffer, with a gradient buffer beside it. */
    private INDArray[] adversarialColumn(INDArray out, boolean real) {
        if (out.rank() != 2 || out.columns() < 3) {
            throw new IllegalArgumentException("an auxiliary classifier's discriminator outputs 1 + classes (at least "
                    + "3) values per image, got " + java.util.Arrays.toString(out.shape()));
        }
        long rows = out.rows();
        INDArray[] pair = columns.computeIfAbsent(new Slot(rows, real, out.dataType()),
                k -> new INDArray[] {Nd4j.create(out.dataType(), new long[] {rows, 1}, 'c'),
                    Nd4j.create(out.dataType(), new long[] {rows, 1}, 'c')});
        pair[0].assign(out.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1)));
        return pair;
    }

    /** The cross-entropy of the class logits (columns 1..) against the labels: its mean, gradient and accuracy. */
    private static Classification classify(INDArray out, int[] labels, String rows) {
        double[][] z = out.toDoubleMatrix();
        int n = z.length;
        int k = z[0].length - 1;
        if (labels.length < n) {
            throw new IllegalStateException(n + " " + rows + " rows but " + labels.length + " labels");
        }
        double total = 0;
        int right = 0;
        double[][] grad = new double[n][k];
        for (int i = 0; i < n; i++) {
            int y = labels[i];
            if (y < 0 || y >= k) {
                throw new IllegalArgumentException("label " + y + " of " + rows + " row " + i + " is outside the "
                        + "auxiliary classifier's " + k + " classes");
            }
            double[] row = z[i];
            double max = Double.NEGATIVE_INFINITY;
            int best = 0;
            for (int j = 0; j < k; j++) {
                if (row[1 + j] > max) {
                    max = row[1 + j];
                    best = j;
                }
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += StrictMath.exp(row[1 + j] - max);
            }
            double logSum = max + StrictMath.log(sum);
            total += logSum - row[1 + y];
            right += best == y ? 1 : 0;
            for (int j = 0; j < k; j++) {
                grad[i][j] = (StrictMath.exp(row[1 + j] - logSum) - (j == y ? 1 : 0)) / n;
            }
        }
        return new Classification(total / n, grad, right / (double) n);
    }

    /**
     * {@code dst = [adversarialGrad, scale * classGrad]}, row by row, through a staging array allocated once per shape
     * (a new off-heap array per call, freed only by the GC, was two allocations per call and up to six per step).
     */
    private void write(Classification c, INDArray adversarialGrad, double scale, INDArray dst) {
        double[] g0 = adversarialGrad.toDoubleVector();
        int n = c.grad.length;
        int k = c.grad[0].length;
        double[] all = new double[n * (k + 1)];
        for (int i = 0; i < n; i++) {
            all[i * (k + 1)] = g0[i];
            for (int j = 0; j < k; j++) {
                all[i * (k + 1) + 1 + j] = scale * c.grad[i][j];
            }
        }
        INDArray host = staged.computeIfAbsent(java.util.List.of(n, k + 1, dst.dataType()),
                key -> Nd4j.create(dst.dataType(), new long[] {n, k + 1}, 'c'));
        host.data().setData(all); // converted to the array's type as castTo did
        dst.assign(host);
    }

    /** Which buffers: a batch size, real or generated rows, a data type. */
    private record Slot(long rows, boolean real, org.nd4j.linalg.api.buffer.DataType type) {
    }

    /** One batch's classification: mean cross-entropy, its gradient (unweighted), accuracy. */
    private record Classification(double loss, double[][] grad, double accuracy) {
    }
}
