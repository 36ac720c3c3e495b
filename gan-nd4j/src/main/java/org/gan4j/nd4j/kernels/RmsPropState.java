package org.gan4j.nd4j.kernels;

/**
 * RMSprop's state, with {@code torch.optim.RMSprop}'s arithmetic (not centred, no weight decay):
 * {@code v = alpha*v + (1-alpha)*g*g}, {@code avg = sqrt(v) + eps}; without momentum {@code p -= lr*g/avg};
 * with momentum {@code buf = mu*buf + g/avg}, {@code p -= lr*buf}. Slots: {@code v}, and {@code buf} with momentum.
 */
public interface RmsPropState extends SlotState {

    /**
     * Applies the gradients to the parameters.
     *
     * @param lr       this update's learning rate
     * @param alpha    the square average's decay
     * @param eps      added after the square root
     * @param momentum {@code mu}; used only if the state was made with momentum
     */
    void update(double lr, double alpha, double eps, double momentum);
}
