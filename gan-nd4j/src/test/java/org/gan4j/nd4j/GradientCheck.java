package org.gan4j.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Centred finite differences in double precision (CS231n's notes, DL4J's GradientCheckUtil): for every element of
 * a variable, {@code (f(x+h) - f(x-h)) / 2h} against the analytic gradient, by relative error
 * {@code |a - n| / (|a| + |n|)} with an absolute floor for entries near zero.
 */
public final class GradientCheck {

    /** Step size: small enough for the truncation error, large enough for double rounding. */
    public static final double H = 1e-6;
    /** Below this absolute difference an entry passes regardless of its relative error. */
    public static final double ABSOLUTE_FLOOR = 1e-8;

    private GradientCheck() {
    }

    /**
     * Checks {@code analytic} against the numerical gradient of {@code f} with respect to {@code variable}.
     *
     * @param what       names the variable in failure messages
     * @param variable   the array {@code f} reads; perturbed in place and restored
     * @param analytic   the gradient to check, same length
     * @param f          the scalar function
     * @param maxRelative the largest relative error allowed
     * @return the largest relative error found (for entries above the absolute floor)
     * @throws AssertionError also when no entry of either gradient reached the absolute floor: a check that compared
     *                        nothing (an all-zero gradient, a forward that ignores the variable) proves nothing
     */
    public static double check(String what, INDArray variable, INDArray analytic, DoubleSupplier f,
                               double maxRelative) {
        assertThat(variable.dataType()).as("gradient checks run in double precision").isEqualTo(DataType.DOUBLE);
        INDArray flat = variable.reshape(variable.length());
        INDArray grad = analytic.dup().reshape(analytic.length());
        double worst = 0;
        long compared = 0;
        for (long i = 0; i < flat.length(); i++) {
            double original = flat.getDouble(i);
            flat.putScalar(i, original + H);
            double plus = f.getAsDouble();
            flat.putScalar(i, original - H);
            double minus = f.getAsDouble();
            flat.putScalar(i, original);
            double numeric = (plus - minus) / (2 * H);
            double a = grad.getDouble(i);
            double diff = Math.abs(a - numeric);
            if (Math.abs(a) + Math.abs(numeric) >= ABSOLUTE_FLOOR) {
                compared++; // a gradient worth comparing, checked below
            }
            if (diff < ABSOLUTE_FLOOR) {
                continue;
            }
            double relative = diff / (Math.abs(a) + Math.abs(numeric));
            worst = Math.max(worst, relative);
            assertThat(relative)
                    .as("%s[%s]: analytic %s vs numeric %s", what, i, a, numeric)
                    .isLessThan(maxRelative);
        }
        assertThat(compared)
                .as("%s: entries with a gradient above the absolute floor %s, out of %s", what, ABSOLUTE_FLOOR,
                        flat.length())
                .isPositive();
        return worst;
    }
}
