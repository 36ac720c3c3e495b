package org.gan4j.nd4j.eval;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link PrecisionRecall} and {@link DensityCoverage} together, computed with one set of real k-NN neighbours and
 * one pass over the fake-to-real distances, which costs about half of calling both (the evaluation reports both).
 * The values are bit for bit those of the two separate calls.
 *
 * @param precisionRecall  precision and recall (Kynkäänniemi et al. 2019)
 * @param densityCoverage  density and coverage (Naeem et al. 2020)
 */
public record ManifoldMetrics(PrecisionRecall precisionRecall, DensityCoverage densityCoverage) {

    /**
     * Both pairs of metrics of {@code fake} against {@code real}.
     *
     * @param real              DOUBLE {@code [n, d]} features of real images, finite,
     *                          {@code n >= max(precisionRecallK, densityCoverageK) + 1}
     * @param fake              DOUBLE {@code [m, d]} features of generated images, finite,
     *                          {@code m >= precisionRecallK + 1}, the same d
     * @param precisionRecallK  k for precision and recall, at least 1 ({@link PrecisionRecall#DEFAULT_K})
     * @param densityCoverageK  k for density and coverage, at least 1 ({@link DensityCoverage#DEFAULT_K})
     * @return both records
     * @throws IllegalArgumentException if an argument is not as described
     */
    public static ManifoldMetrics of(INDArray real, INDArray fake, int precisionRecallK, int densityCoverageK) {
        if (precisionRecallK < 1) {
            throw new IllegalArgumentException("precisionRecallK must be at least 1, got " + precisionRecallK);
        }
        if (densityCoverageK < 1) {
            throw new IllegalArgumentException("densityCoverageK must be at least 1, got " + densityCoverageK);
        }
        Points r = Points.of("real", real, Math.max(precisionRecallK, densityCoverageK) + 1);
        Points f = Points.of("fake", fake, precisionRecallK + 1);
        Matrices.requireSameColumns("real", r.data, "fake", f.data);
        return compute(r, f, precisionRecallK, densityCoverageK);
    }

    /**
     * The real side prepared once for many evaluations: its points and k-nearest-neighbour radii, the half of the
     * work that does not depend on the samples (an evaluator measures every sample set against the same reference).
     */
    static final class Reference {
        final Points real;
        final int precisionRecallK;
        final int densityCoverageK;
        final double[] precisionRadii;
        final double[] densityRadii;

        Reference(INDArray real, int precisionRecallK, int densityCoverageK) {
            this(Points.of("real", real, Math.max(precisionRecallK, densityCoverageK) + 1), precisionRecallK,
                    densityCoverageK);
        }

        private Reference(Points real, int precisionRecallK, int densityCoverageK) {
            this(real, precisionRecallK, densityCoverageK, radii(real, precisionRecallK, densityCoverageK));
        }

        /**
         * A reference whose radii were computed before ({@link #radii(INDArray, int, int)}, e.g. read from a cache).
         *
         * @param real  the real features
         * @param radii {@code [2, n]}: the squared k-th-neighbour radii for precision/recall, then density/coverage
         */
        Reference(INDArray real, int precisionRecallK, int densityCoverageK, INDArray radii) {
            this(Points.of("real", real, Math.max(precisionRecallK, densityCoverageK) + 1), precisionRecallK,
                    densityCoverageK, radii);
        }

        private Reference(Points real, int precisionRecallK, int densityCoverageK, INDArray radii) {
            this.real = real;
            this.precisionRecallK = precisionRecallK;
            this.densityCoverageK = densityCoverageK;
            if (radii.rows() != 2 || radii.columns() != real.rows) {
                throw new IllegalArgumentException("radii must be [2, " + real.rows + "], got "
                        + java.util.Arrays.toString(radii.shape()));
            }
            // a k of 0 skips that pair (its row is unused)
            this.precisionRadii = precisionRecallK > 0 ? radii.getRow(0).dup().data().asDouble() : null;
            this.densityRadii = densityCoverageK > 0 ? radii.getRow(1).dup().data().asDouble() : null;
        }

        /**
         * The real side's squared k-th-neighbour radii, the expensive half of the preparation.
         *
         * @param real             DOUBLE {@code [n, d]} real features
         * @param precisionRecallK positive
         * @param densityCoverageK positive
         * @return {@code [2, n]} DOUBLE: the radii for precision/recall, then for density/coverage
         */
        static INDArray radii(INDArray real, int precisionRecallK, int densityCoverageK) {
            return radii(Points.of("real", real, Math.max(precisionRecallK, densityCoverageK) + 1), precisionRecallK,
                    densityCoverageK);
        }

        private static INDArray radii(Points real, int precisionRecallK, int densityCoverageK) {
            NearestNeighbours.Neighbours n = NearestNeighbours.neighbours(real,
                    Math.max(precisionRecallK, densityCoverageK), NearestNeighbours.DEFAULT_BLOCK_ELEMENTS);
            double[] both = new double[2 * real.rows];
            if (precisionRecallK > 0) {
                System.arraycopy(n.radiiSquared(precisionRecallK), 0, both, 0, real.rows);
            }
            if (densityCoverageK > 0) {
                System.arraycopy(n.radiiSquared(densityCoverageK), 0, both, real.rows, real.rows);
            }
            return org.nd4j.linalg.factory.Nd4j.create(both, new long[] {2, real.rows},
                    org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        }

        /** {@return both pairs of metrics of {@code fake} against this reference: {@link #of}'s answer} */
        ManifoldMetrics measure(INDArray fake) {
            Points f = Points.of("fake", fake, precisionRecallK + 1);
            Matrices.requireSameColumns("real", real.data, "fake", f.data);
            return compute(this, f);
        }
    }

    /** Computes what a positive k asks for (0 skips that pair, leaving its component null); arguments checked. */
    static ManifoldMetrics compute(Points real, Points fake, int precisionRecallK, int densityCoverageK) {
        return compute(new Reference(real, precisionRecallK, densityCoverageK), fake);
    }

    private static ManifoldMetrics compute(Reference ref, Points fake) {
        long block = NearestNeighbours.DEFAULT_BLOCK_ELEMENTS;
        Points real = ref.real;
        int precisionRecallK = ref.precisionRecallK;
        int densityCoverageK = ref.densityCoverageK;
        double[] precisionRadii = ref.precisionRadii;
        double[] densityRadii = ref.densityRadii;
        double[] fakeRadii = precisionRecallK > 0
                ? NearestNeighbours.neighbours(fake, precisionRecallK, block).radiiSquared(precisionRecallK) : null;
        NearestNeighbours.BallTests tests = new NearestNeighbours.BallTests(fake, real, precisionRadii, densityRadii,
                fakeRadii);
        tests.run(block);
        PrecisionRecall pr = null;
        if (precisionRecallK > 0) {
            int precise = 0;
            for (int c : tests.precisionCounts) {
                if (c > 0) {
                    precise++;
                }
            }
            pr = new PrecisionRecall((double) precise / fake.rows, fraction(tests.insideQueryBall), precisionRecallK,
                    real.rows, fake.rows);
        }
        DensityCoverage dc = null;
        if (densityCoverageK > 0) {
            long inside = 0;
            for (int c : tests.densityCounts) {
                inside += c;
            }
            dc = new DensityCoverage((double) inside / ((double) densityCoverageK * fake.rows),
                    fraction(tests.covered), densityCoverageK, real.rows, fake.rows);
        }
        return new ManifoldMetrics(pr, dc);
    }

    private static double fraction(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            if (f) {
                n++;
            }
        }
        return (double) n / flags.length;
    }
}
