package org.gan4j.nd4j.loss;

import org.gan4j.Loss;
import org.gan4j.Objective;
import org.gan4j.nd4j.kernels.Kernels;

/** Builds the {@link Loss} of an {@link Objective}: the one place that maps the API's objectives to their maths. */
public final class ObjectiveLosses {

    private ObjectiveLosses() {
    }

    /**
     * The loss of {@code objective}.
     *
     * @param objective what to minimise
     * @param kernels   the run's arithmetic (the cross-entropy uses its fast path)
     * @return a loss owned by one training run (it keeps scratch arrays)
     */
    public static Loss create(Objective objective, Kernels kernels) {
        if (objective instanceof Objective.AuxiliaryClassifier aux) {
            return new AuxiliaryClassifierLoss(create(aux.adversarial(), kernels), aux.weight());
        } else if (objective instanceof Objective.NonSaturating ns) {
            return new BceWithLogitsLoss(kernels, ns.realLabel());
        } else if (objective instanceof Objective.Minimax) {
            return new MinimaxLoss();
        } else if (objective instanceof Objective.LeastSquares) {
            return new LeastSquaresLoss();
        } else if (objective instanceof Objective.Wasserstein || objective instanceof Objective.WassersteinGp) {
            return new WassersteinLoss();
        } else if (objective instanceof Objective.Hinge) {
            return new HingeLoss();
        } else if (objective instanceof Objective.RelativisticAverage) {
            return new RelativisticAverageLoss();
        }
        throw new IllegalArgumentException("no loss for objective " + objective);  // a new record without a case
    }
}
