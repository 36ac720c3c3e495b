package org.gan4j;

/**
 * Instance noise (Sønderby et al. 2016, "Amortised MAP Inference for Image Super-resolution"; Arjovsky and Bottou
 * 2017, "Towards Principled Methods for Training Generative Adversarial Networks"): Gaussian noise of standard
 * deviation {@code sigma(t)} added to every image the discriminator sees, real and generated, so that the two
 * distributions overlap early in training; annealed linearly to zero, then off. Turned on with
 * {@link GanConfig.Builder#instanceNoise(double, long)}.
 *
 * <p>At run step {@code t} (from 1, counted like {@link GanConfig#maxSteps()}):
 * {@code sigma(t) = sigma0 * (1 - (t - 1) / annealSteps)} for {@code t <= annealSteps}, and 0 after; so the first
 * step has {@code sigma0}, the noise shrinks by {@code sigma0 / annealSteps} per step, and from step
 * {@code annealSteps + 1} on a step is exactly a step without instance noise. In the discriminator's update the real
 * and the generated batch each get their own noise; in the generator's update the generated batch gets fresh noise
 * (and a relativistic objective's real batch keeps the noise of the discriminator's update), as the usual
 * implementations do. The images are in [-1, 1], so a {@code sigma0} around 0.1 to 1 is the useful range.
 *
 * @param sigma0      the standard deviation at the first step, positive and finite
 * @param annealSteps the steps over which it falls to zero, at least 1
 */
public record InstanceNoise(double sigma0, long annealSteps) {

    /**
     * Checks the values.
     *
     * @param sigma0      positive and finite
     * @param annealSteps at least 1
     * @throws IllegalArgumentException naming the field, for a value out of range
     */
    public InstanceNoise {
        if (!(sigma0 > 0) || Double.isInfinite(sigma0)) {
            throw new IllegalArgumentException("instanceNoise sigma must be positive and finite, got " + sigma0);
        }
        if (annealSteps < 1) {
            throw new IllegalArgumentException("instanceNoise steps must be at least 1, got " + annealSteps);
        }
    }

    /**
     * The standard deviation at a run step.
     *
     * @param step the run step, from 1
     * @return {@code sigma0 * (1 - (step - 1) / annealSteps)} up to {@code annealSteps}, 0 after (and before step 1)
     */
    public double sigma(long step) {
        if (step < 1 || step > annealSteps) {
            return 0;
        }
        return sigma0 * (annealSteps - (step - 1)) / annealSteps; // exact at the first and the last step
    }

    /**
     * Parses {@code SIGMA,STEPS} or {@link #text()}'s {@code sigma=SIGMA,steps=STEPS} (either order, spaces
     * allowed).
     *
     * @param text e.g. {@code 0.1,5000} or {@code sigma=0.1,steps=5000}
     * @return the settings
     * @throws IllegalArgumentException naming what is wrong, if the text is not of either form or a value is out of
     *                                  range
     */
    public static InstanceNoise parse(String text) {
        String[] parts = text.trim().split(",", -1);
        String form = "expected SIGMA,STEPS or sigma=SIGMA,steps=STEPS (e.g. 0.1,5000), got '" + text + "'";
        if (parts.length != 2) {
            throw new IllegalArgumentException("instanceNoise: " + (parts.length == 1
                    ? "the annealing steps are missing; " : "") + form);
        }
        String sigma = null;
        String steps = null;
        boolean named = parts[0].contains("=") || parts[1].contains("=");
        for (int i = 0; i < 2; i++) {
            String p = parts[i].trim();
            if (!named) {
                if (i == 0) {
                    sigma = p;
                } else {
                    steps = p;
                }
                continue;
            }
            int eq = p.indexOf('=');
            String key = eq < 0 ? "" : p.substring(0, eq).trim();
            String value = eq < 0 ? "" : p.substring(eq + 1).trim();
            if (key.equals("sigma") && sigma == null) {
                sigma = value;
            } else if (key.equals("steps") && steps == null) {
                steps = value;
            } else {
                throw new IllegalArgumentException("instanceNoise: " + form);
            }
        }
        double s;
        long n;
        try {
            s = Double.parseDouble(sigma);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("instanceNoise sigma must be a positive number, got '" + sigma + "'");
        }
        try {
            n = Long.parseLong(steps);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("instanceNoise steps must be a whole number of at least 1, got '"
                    + steps + "'");
        }
        return new InstanceNoise(s, n);
    }

    /** {@return the settings as {@code sigma=SIGMA,steps=STEPS}, e.g. {@code sigma=0.1,steps=5000}; {@link #parse} reads it} */
    public String text() {
        return "sigma=" + sigma0 + ",steps=" + annealSteps;
    }

    /** {@return {@link #text()}} */
    @Override
    public String toString() {
        return text();
    }
}
