package org.gan4j.spark;

import java.io.Serializable;

/**
 * What every task of a Spark run is given (it travels to the executors with the task).
 *
 * @param specJson        the run, as JSON
 * @param mnistDir        the dataset's directory, a local path or a Hadoop URI
 * @param workers         the number of tasks
 * @param timeoutMillis   how long a task waits for its peers and the driver
 * @param checkpointDir   where rank 0 writes checkpoints, or null
 * @param checkpointEvery steps between them
 * @param resumeFrom      the checkpoint to resume from, or null
 * @param failure         a failure to simulate, or null
 * @param relay           the driver's listener relay as {@code host:port}, or null for none
 * @param relayToken      the token the relay expects
 */
record TrainingJob(String specJson, String mnistDir, int workers, long timeoutMillis, String checkpointDir,
        long checkpointEvery, String resumeFrom, SparkGan.SimulatedFailure failure, String relay, long relayToken)
        implements Serializable {

    TrainingJob(String specJson, String mnistDir, int workers, long timeoutMillis,
            SparkGan.Checkpointing checkpointing, SparkGan.SimulatedFailure failure, String relay, long relayToken) {
        this(specJson, mnistDir, workers, timeoutMillis, checkpointing.dir(), checkpointing.every(),
                checkpointing.resumeFrom(), failure, relay, relayToken);
    }
}
