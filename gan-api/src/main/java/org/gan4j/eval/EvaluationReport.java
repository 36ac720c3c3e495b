package org.gan4j.eval;

import java.util.Objects;

/**
 * An evaluation made while training, as listeners receive it ({@link org.gan4j.TrainingListener#onEvaluation}).
 *
 * @param step   the training step whose generator was measured
 * @param epoch  the epoch that step belongs to (1-based)
 * @param last   whether this is the evaluation of the finished run (with the full protocol's sample count)
 * @param result what was measured
 */
public record EvaluationReport(long step, int epoch, boolean last, EvaluationResult result) {

    /**
     * Checks the fields.
     *
     * @param step see the record
     * @param epoch see the record
     * @param last see the record
     * @param result see the record
     *
     * @throws NullPointerException if {@code result} is null
     */
    public EvaluationReport {
        Objects.requireNonNull(result, "result");
    }
}
