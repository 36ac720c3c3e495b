package org.gan4j.nd4j;

import org.gan4j.Network;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checks, when training starts, the rules of {@link Network}'s contract that an optimizer relies on and that a
 * hand-written network can break without any error later: a network whose {@code parameters()} returns a copy trains
 * "fine" and never changes, because the optimizer updates an array the network no longer looks at.
 */
final class NetworkContract {

    private static final String SEE = " (see the rules in Network's documentation, docs/architecture.md#the-network-contract)";

    private NetworkContract() {
    }

    /**
     * Fails naming the network and the first rule it breaks.
     *
     * @param role    "generator" or "discriminator", for the message
     * @param network the network about to be trained; its parameters are unchanged afterwards (the liveness check
     *                writes one value and restores it)
     * @throws IllegalArgumentException if a rule is broken
     */
    static void check(String role, Network network) {
        String who = role + " " + network.getClass().getName();
        INDArray p = network.parameters();
        INDArray g = network.gradients();
        if (p == null || g == null) {
            throw new IllegalArgumentException(who + ": parameters() and gradients() must not return null" + SEE);
        }
        checkVector(who, "parameters()", p, network);
        checkVector(who, "gradients()", g, network);
        if (g.length() != p.length()) {
            throw new IllegalArgumentException(who + ": gradients() has " + g.length() + " values but parameters() "
                    + "has " + p.length() + "; they must have the same length and layout" + SEE);
        }
        if (network.parameterCount() != p.length()) {
            throw new IllegalArgumentException(who + ": parameterCount() is " + network.parameterCount()
                    + " but parameters() has " + p.length() + " values" + SEE);
        }
        checkLive(who, "parameters()", p, network.parameters());
        checkLive(who, "gradients()", g, network.gradients());
    }

    private static void checkVector(String who, String method, INDArray a, Network network) {
        if (a.length() == 0) {
            throw new IllegalArgumentException(who + ": " + method + " is empty: nothing to train" + SEE);
        }
        if (a.rank() != 1 && !a.isRowVector()) {
            throw new IllegalArgumentException(who + ": " + method + " must be a flat vector, got shape "
                    + java.util.Arrays.toString(a.shape()) + SEE);
        }
        if (a.dataType() != network.dataType()) {
            throw new IllegalArgumentException(who + ": " + method + " is " + a.dataType() + " but dataType() is "
                    + network.dataType() + SEE);
        }
        if (a.ordering() != 'c' || a.elementWiseStride() != 1) {
            throw new IllegalArgumentException(who + ": " + method + " must be contiguous in c-order (ordering "
                    + a.ordering() + ", element stride " + a.elementWiseStride() + ")" + SEE);
        }
    }

    /**
     * The array of a second call must be the first one, or a view of the same memory: an element written through one
     * is seen through the other. (The write is undone at once.)
     *
     * @param who    the role and class, for the message
     * @param method the method that returned the arrays, for the message
     * @param first  what the first call returned
     * @param second what a second call returned
     * @throws IllegalArgumentException if the two arrays do not share their memory
     */
    private static void checkLive(String who, String method, INDArray first, INDArray second) {
        if (first == second) {
            return;
        }
        double before = first.getDouble(0);
        double marker = before == 12345.0 ? 54321.0 : 12345.0;
        first.putScalar(0, marker);
        boolean live = second.getDouble(0) == marker;
        first.putScalar(0, before);
        if (!live) {
            throw new IllegalArgumentException(who + ": " + method + " returned a different array on a second call "
                    + "(a copy?): it must return the network's own live array, or the optimizer's updates never reach "
                    + "the network" + SEE);
        }
    }
}
