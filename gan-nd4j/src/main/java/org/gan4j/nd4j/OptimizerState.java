package org.gan4j.nd4j;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gan4j.Network;
import org.gan4j.io.CheckpointException;
import org.gan4j.nd4j.checkpoint.CheckpointFile;
import org.gan4j.nd4j.checkpoint.OptimizerEntries;
import org.gan4j.nd4j.optim.Optimizer;
import org.gan4j.optim.OptimizerSpec;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One network's optimizer as a piece of the run's state, under the names {@link OptimizerEntries} gives it: its spec
 * and update count in the manifest, each state array an entry. A checkpoint of another optimizer is refused before
 * anything is restored; the state is restored after the network's parameters (register it after them: the optimizer
 * may copy them).
 */
final class OptimizerState implements RunState.Piece {

    private final String network;
    private final Optimizer optimizer;
    private final Network parameters;

    /**
     * @param network    {@code generator} or {@code discriminator}, as entry names spell it
     * @param optimizer  its optimizer
     * @param parameters the network it updates (the state arrays are laid out like its parameters)
     */
    OptimizerState(String network, Optimizer optimizer, Network parameters) {
        this.network = network;
        this.optimizer = optimizer;
        this.parameters = parameters;
    }

    @Override
    public void check(CheckpointFile.Contents c) throws IOException {
        OptimizerSpec saved = OptimizerEntries.spec(c, network);
        if (!saved.equals(optimizer.spec())) {
            throw new CheckpointException(c.file() + ": written with " + network + " optimizer " + saved
                    + ", but the configuration has " + optimizer.spec());
        }
    }

    @Override
    public void save(RunState.Snapshot to) {
        OptimizerSpec spec = optimizer.spec();
        to.field(OptimizerEntries.specField(network), spec.toString());
        to.field(OptimizerEntries.stepsField(spec, network), Long.toString(optimizer.steps()));
        for (String state : optimizer.stateNames()) {
            String name = OptimizerEntries.entry(spec, network, state);
            to.entry(name, optimizer.stateBytes(state, to.reusable(name)));
        }
    }

    @Override
    public void restore(CheckpointFile.Contents c) throws IOException {
        OptimizerSpec spec = optimizer.spec();
        Map<String, INDArray> state = new LinkedHashMap<>();
        for (String name : optimizer.stateNames()) {
            state.put(name, StateCodec.array(c, OptimizerEntries.entry(spec, network, name), parameters));
        }
        optimizer.restore(state, StateCodec.parseLong(c, OptimizerEntries.stepsField(spec, network)));
    }
}
