package org.gan4j.nd4j.layers;

import java.util.ArrayList;
import java.util.List;
import org.gan4j.Activation;
import org.gan4j.Mlp;
import org.gan4j.nd4j.kernels.Kernels;
import org.nd4j.linalg.api.buffer.DataType;

/** Builds a {@link Sequential} from an {@link Mlp} description. */
public final class MlpFactory {

    private final Kernels kernels;

    /** A factory whose networks compute with {@code kernels}. */
    public MlpFactory(Kernels kernels) {
        this.kernels = kernels;
    }

    /**
     * Builds and initialises the network {@code in -> hidden... -> out}.
     *
     * @param seed fixes the initial parameters
     */
    public Sequential build(Mlp mlp, int in, int out, DataType dataType, long seed) {
        List<Layer> layers = new ArrayList<>();
        int width = in;
        for (int hidden : mlp.hiddenWidths()) {
            layers.add(new Dense(kernels, dataType, width, hidden));
            addActivation(layers, mlp.hiddenActivation(), dataType, hidden);
            width = hidden;
        }
        layers.add(new Dense(kernels, dataType, width, out));
        addActivation(layers, mlp.outputActivation(), dataType, out);
        return new Sequential(kernels, dataType, layers).describedBy(mlp).initialize(seed);
    }

    private void addActivation(List<Layer> layers, Activation activation, DataType dataType, int size) {
        switch (activation.kind()) {
            case IDENTITY -> { }
            case RELU -> layers.add(new LeakyRelu(kernels, dataType, size, 0));
            case LEAKY_RELU -> layers.add(new LeakyRelu(kernels, dataType, size, activation.slope()));
            case TANH -> layers.add(new Tanh(kernels, dataType, size));
            case SIGMOID -> layers.add(new Sigmoid(kernels, dataType, size));
            default -> throw new IllegalArgumentException("unsupported activation " + activation);
        }
    }
}
