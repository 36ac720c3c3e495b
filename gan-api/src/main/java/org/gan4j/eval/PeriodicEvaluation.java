package org.gan4j.eval;

import java.util.Objects;
import java.util.Optional;

/**
 * The evaluations a training run makes: {@link org.gan4j.GanConfig.Builder#evaluateEvery}.
 *
 * @param everySteps steps between evaluations during training, positive
 * @param during     the evaluation made every {@code everySteps} steps
 * @param atEnd      the evaluation of the finished run, if any
 */
public record PeriodicEvaluation(long everySteps, Evaluation during, Optional<Evaluation> atEnd) {

    /**
     * Checks the fields.
     *
     * @param everySteps see the record
     * @param during see the record
     * @param atEnd see the record
     *
     * @throws IllegalArgumentException naming evaluateEvery, if {@code everySteps} is not positive
     * @throws NullPointerException     if {@code during} or {@code atEnd} is null
     */
    public PeriodicEvaluation {
        if (everySteps <= 0) {
            throw new IllegalArgumentException("evaluateEvery must be positive, got " + everySteps);
        }
        Objects.requireNonNull(during, "during");
        Objects.requireNonNull(atEnd, "atEnd");
    }
}
