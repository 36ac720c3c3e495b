package org.gan4j;

/**
 * An exponential moving average (EMA) of the generator's parameters, the copy that sampling, sample grids and saved
 * generators use when it is on ({@link GanConfig.Builder#generatorEma(double, long)}). After each generator update
 * at run step {@code s}: {@code ema = theta} while {@code s <= startStep} (so until then the EMA is the live
 * generator, and it starts averaging from the weights at {@code startStep}), else
 * {@code ema = decay * ema + (1 - decay) * theta}. Buffers (BatchNorm's running statistics) are not averaged: the
 * EMA copy takes the live generator's, as most implementations do. The discriminator always trains against the
 * live generator.
 *
 * @param decay     the weight of the old average per update, in {@code (0, 1)}; e.g. 0.999
 * @param startStep the run step (counted like {@link GanConfig#maxSteps()}) up to which the EMA copies the live
 *                  weights, at least 0
 */
public record GeneratorEma(double decay, long startStep) {

    /**
     * Checks the values.
     *
     * @param decay     the weight of the old average per update, in {@code (0, 1)}
     * @param startStep the run step up to which the EMA copies the live weights, at least 0
     * @throws IllegalArgumentException naming the field, if {@code decay} is not in {@code (0, 1)} or
     *                                  {@code startStep} is negative
     */
    public GeneratorEma {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("generatorEma decay must be in (0, 1), got " + decay);
        }
        if (startStep < 0) {
            throw new IllegalArgumentException("generatorEma startStep must be at least 0, got " + startStep);
        }
    }

    /**
     * Parses {@link #text()}: {@code DECAY} or {@code DECAY,START}.
     *
     * @param text e.g. {@code 0.999} or {@code 0.999,1000}
     * @return the settings
     * @throws IllegalArgumentException naming what is wrong, if the text is not of that form or a value is out of
     *                                  range
     */
    public static GeneratorEma parse(String text) {
        String[] parts = text.trim().split(",", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("generatorEma must be DECAY or DECAY,START, got " + text);
        }
        double decay;
        long start = 0;
        try {
            decay = Double.parseDouble(parts[0].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("generatorEma decay must be a number in (0, 1), got " + parts[0]);
        }
        if (parts.length == 2) {
            try {
                start = Long.parseLong(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("generatorEma startStep must be a whole number, got " + parts[1]);
            }
        }
        return new GeneratorEma(decay, start);
    }

    /** {@return the settings as {@code DECAY,START}, e.g. {@code 0.999,0}: what {@link #parse} reads back} */
    public String text() {
        return decay + "," + startStep;
    }

    /** {@return {@link #text()}} */
    @Override
    public String toString() {
        return text();
    }
}
