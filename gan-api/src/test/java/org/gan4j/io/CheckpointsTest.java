package org.gan4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

    @TempDir
    Path tmp;

    private Path checkpoint(Path dir, long step) throws IOException {
        return Files.writeString(dir.resolve(Checkpoints.fileName(step)), "step " + step);
    }

    @Test
    void listedByStepNotByNameAndOnlyRegularFiles() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("checkpoints"));
        checkpoint(dir, 10_000_000_000L); // 11 digits: "checkpoint-1..." sorts by name before "checkpoint-9..."
        checkpoint(dir, 9_000_000_000L);
        checkpoint(dir, 5);
        Files.createDirectory(dir.resolve(Checkpoints.fileName(20_000_000_000L))); // not a checkpoint file
        assertThat(Checkpoints.list(dir)).extracting(Checkpoints::step).containsExactly(5L, 9_000_000_000L,
                10_000_000_000L);
        assertThat(Checkpoints.step(Checkpoints.newest(dir))).isEqualTo(10_000_000_000L);
    }

    @Test
    void theCheckpointsOfAnAbandonedTimelineAreMovedAsideNotDeleted() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("checkpoints"));
        for (long s : new long[] {400, 500, 600}) {
            checkpoint(dir, s);
        }
        // Resumed from 400, the run has just written 450 (and 500 would be its own if it had reached it).
        checkpoint(dir, 450);
        Path aside = Checkpoints.setAsideNewerThan(dir, 400, 450).orElseThrow();
        assertThat(Checkpoints.list(dir)).extracting(Checkpoints::step).containsExactly(400L, 450L);
        assertThat(aside.getParent()).isEqualTo(dir.resolve(Checkpoints.ABANDONED_DIR));
        assertThat(aside.resolve(Checkpoints.fileName(500))).hasContent("step 500");
        assertThat(aside.resolve(Checkpoints.fileName(600))).hasContent("step 600");
        assertThat(Checkpoints.step(Checkpoints.newest(dir))).isEqualTo(450);
        assertThat(Checkpoints.setAsideNewerThan(dir, 450, 460)).as("nothing newer: nothing made").isEmpty();
        assertThat(List.of(dir.resolve(Checkpoints.ABANDONED_DIR).toFile().list())).hasSize(1);
    }

    @Test
    void onlyDigitsMakeAStep() {
        assertThat(Checkpoints.step(Path.of("checkpoint-0000000313.zip"))).isEqualTo(313);
        assertThat(Checkpoints.step(Path.of(Checkpoints.fileName(Long.MAX_VALUE)))).isEqualTo(Long.MAX_VALUE);
        for (String name : new String[] {"checkpoint-+5.zip", "checkpoint--1.zip", "checkpoint-.zip",
            "checkpoint-99999999999999999999.zip", "checkpoint-1e3.zip", "checkpoint-12.zip.tmp", "x-1.zip"}) {
            assertThat(Checkpoints.step(Path.of(name))).as(name).isEqualTo(-1);
        }
    }
}
