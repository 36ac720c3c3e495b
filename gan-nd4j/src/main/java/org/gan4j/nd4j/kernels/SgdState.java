package org.gan4j.nd4j.kernels;

/**
 * SGD's state, with {@code torch.optim.SGD}'s arithmetic (no dampening, Nesterov or weight decay): without
 * momentum {@code p -= lr*g}; with momentum {@code buf = g} at the first update, {@code buf = mu*buf + g} after,
 * {@code p -= lr*buf}. Slots: {@code buf} with momentum, none without.
 */
public interface SgdState extends SlotState {

    /**
     * Applies the gradients to the parameters.
     *
     * @param lr       this update's learning rate
     * @param momentum {@code mu}; used only if the state was made with momentum
     * @param first    whether this is the first update (the momentum buffer starts as the gradient)
     */
    void update(double lr, double momentum, boolean first);
}
