/**
 * Optimizers and learning-rate schedules as data: what a configuration says about how each network learns, which a
 * provider turns into running optimizers.
 */
package org.gan4j.optim;
