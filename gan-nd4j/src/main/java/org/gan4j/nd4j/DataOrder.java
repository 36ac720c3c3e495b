package org.gan4j.nd4j;

import org.gan4j.io.ArrayBytes;
import org.gan4j.io.CheckpointException;
import org.gan4j.nd4j.checkpoint.CheckpointFile;

/**
 * The order in which a run visits its images, and where it is in it: each epoch visits every image once in an order
 * drawn from the run's shuffle stream, in batches whose last holds the remainder (PyTorch's
 * {@code DataLoader(shuffle=True)}). Before the first step the run is at the end of epoch 0. Checkpointed as
 * {@code order.bin} and the fields {@code epoch}, {@code position} and {@code batchInEpoch}.
 */
final class DataOrder implements RunState.Piece {

    private final int[] order;
    private final RandomStream shuffle;
    private int epoch;
    /** Next position in {@link #order}; {@code order.length} once an epoch is done. */
    private int position;
    private int batchInEpoch;

    /**
     * The order of a dataset of {@code size} images, before the first epoch.
     *
     * @param size    the dataset's size
     * @param shuffle the stream each epoch's order is drawn from
     */
    DataOrder(int size, RandomStream shuffle) {
        this.order = new int[size];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        this.shuffle = shuffle;
        this.position = order.length;
    }

    /** {@return whether the current epoch has visited every image (true before the first)} */
    boolean epochDone() {
        return position >= order.length;
    }

    /** Starts the next epoch: a new order, from its first image. */
    void nextEpoch() {
        epoch++;
        shuffle.get().shuffle(order);
        position = 0;
        batchInEpoch = 0;
    }

    /** {@return the size of the next batch: {@code batchSize}, or the epoch's remainder} */
    int nextBatch(int batchSize) {
        return Math.min(batchSize, order.length - position);
    }

    /** {@return the indices of the images, in this epoch's order; read-only for callers} */
    int[] indices() {
        return order;
    }

    /** {@return where the next batch starts in {@link #indices()}} */
    int position() {
        return position;
    }

    /** Moves past a batch of {@code count} images. */
    void advance(int count) {
        batchInEpoch++;
        position += count;
    }

    /** {@return the current epoch, from 1 (0 before the first)} */
    int epoch() {
        return epoch;
    }

    /** {@return the batches of the current epoch done so far} */
    int batchInEpoch() {
        return batchInEpoch;
    }

    /** {@return the number of images} */
    int size() {
        return order.length;
    }

    @Override
    public void save(RunState.Snapshot to) {
        to.entry("order.bin", ArrayBytes.toBytes(order));
        to.field("epoch", Integer.toString(epoch));
        to.field("position", Integer.toString(position));
        to.field("batchInEpoch", Integer.toString(batchInEpoch));
    }

    @Override
    public void restore(CheckpointFile.Contents c) throws CheckpointException {
        int[] saved = ArrayBytes.intsFromBytes(c.entry("order.bin"));
        if (saved.length != order.length) {
            throw new CheckpointException(c.file() + ": order.bin holds " + saved.length + " indices, the dataset "
                    + "has " + order.length + " images");
        }
        System.arraycopy(saved, 0, order, 0, order.length);
        epoch = StateCodec.parseInt(c, "epoch");
        position = StateCodec.parseInt(c, "position");
        batchInEpoch = StateCodec.parseInt(c, "batchInEpoch");
    }
}
