package org.gan4j.nd4j.eval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Fréchet distance between two Gaussians, the FID of Heusel et al. (2017), "GANs Trained by a Two Time-Scale
 * Update Rule Converge to a Local Nash Equilibrium":
 * <pre>
 *   FID = ||mu1 - mu2||^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2))
 * </pre>
 * It is 0 for identical Gaussians and grows as the generated features' mean and spread move away from the
 * reference's: <b>lower is better</b>. It answers "do the samples look like the data, as a whole" (quality and
 * diversity together). It is biased upwards at small sample counts, so only values computed with the same number
 * of samples are comparable.
 *
 * <p>The trace of the matrix square root is computed stably from symmetric eigendecompositions (LAPACK
 * {@code dsyev} through ND4J's {@link Eigen#symmetricGeneralizedEigenvalues(INDArray, boolean)}) instead of a
 * general square root of the non-symmetric {@code S1 S2}: {@code S1 S2} is similar to the symmetric
 * positive semi-definite {@code M = S1^(1/2) S2 S1^(1/2)}, so {@code Tr((S1 S2)^(1/2)) = sum_i sqrt(lambda_i(M))},
 * with {@code S1^(1/2) = V diag(sqrt(lambda(S1))) V^T}. Eigenvalues of these positive semi-definite matrices that
 * come out negative (rounding, or rank-deficient covariances when there are fewer samples than features) are set
 * to 0, and a total below 0 by rounding is returned as 0. Everything is in double precision.
 */
public final class FrechetDistance {

    private FrechetDistance() {
    }

    /**
     * The Fréchet distance between the Gaussians fitted to two feature sets.
     *
     * @param a statistics of one set (e.g. generated samples)
     * @param b statistics of the other (e.g. the reference images), of the same dimension
     * @return the distance, {@code >= 0}, symmetric in {@code a} and {@code b} up to rounding
     * @throws IllegalArgumentException if an argument is null or the dimensions differ
     */
    public static double between(FeatureStatistics a, FeatureStatistics b) {
        if (a == null || b == null) {
            throw new IllegalArgumentException((a == null ? "a" : "b") + " must not be null");
        }
        if (a.dimension() != b.dimension()) {
            throw new IllegalArgumentException("a and b must have the same feature dimension, got "
                    + a.dimension() + " and " + b.dimension());
        }
        double[] m1 = a.meanView();
        double[] m2 = b.meanView();
        double meanTerm = 0;
        for (int t = 0; t < m1.length; t++) {
            double diff = m1[t] - m2[t];
            meanTerm += diff * diff;
        }
        INDArray s1 = a.covarianceArray();
        INDArray s2 = b.covarianceArray();
        double fid = meanTerm + trace(s1) + trace(s2) - 2 * traceSqrtProduct(s1, s2);
        return Math.max(0, fid);
    }

    /**
     * {@code Tr((S1 S2)^(1/2))} for symmetric positive semi-definite DOUBLE {@code [d, d]} matrices (not modified).
     */
    static double traceSqrtProduct(INDArray s1, INDArray s2) {
        INDArray root = sqrtPsd(s1);
        INDArray m = root.mmul(s2).mmul(root);
        INDArray symmetric = m.add(m.transpose()).muli(0.5).dup('c');
        INDArray lambda = Eigen.symmetricGeneralizedEigenvalues(symmetric, false);
        double sum = 0;
        for (int i = 0; i < lambda.length(); i++) {
            sum += Math.sqrt(Math.max(0, lambda.getDouble(i)));
        }
        return sum;
    }

    /** The symmetric square root {@code V diag(sqrt(max(lambda, 0))) V^T} of a symmetric PSD matrix. */
    static INDArray sqrtPsd(INDArray s) {
        INDArray vectors = s.dup('c'); // dsyev overwrites it with the eigenvectors, one per column
        INDArray lambda = Eigen.symmetricGeneralizedEigenvalues(vectors, true);
        int d = (int) lambda.length();
        INDArray roots = Nd4j.create(DataType.DOUBLE, d);
        for (int i = 0; i < d; i++) {
            roots.putScalar(i, Math.sqrt(Math.max(0, lambda.getDouble(i))));
        }
        INDArray root = vectors.mulRowVector(roots).mmul(vectors.transpose());
        return root.add(root.transpose()).muli(0.5);
    }

    private static double trace(INDArray s) {
        double t = 0;
        for (int i = 0; i < s.rows(); i++) {
            t += s.getDouble(i, i);
        }
        return t;
    }
}
