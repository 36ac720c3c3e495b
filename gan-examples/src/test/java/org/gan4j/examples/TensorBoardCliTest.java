package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.gan4j.tensorboard.EventFileWriterTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A default run writes TensorBoard event files that an independent decoder reads back. */
class TensorBoardCliTest {

    @TempDir
    Path tmp;

    static Path eventFile(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).findFirst()
                    .orElseThrow();
        }
    }

    /** (tag, step, value or image) of every summary value in a file. */
    static List<Object[]> values(Path file) throws IOException {
        List<Object[]> out = new ArrayList<>();
        for (byte[] record : EventFileWriterTest.records(file)) {
            Map<Integer, List<Object>> event = EventFileWriterTest.decode(record);
            if (!event.containsKey(5)) {
                continue;
            }
            long step = (Long) event.get(2).get(0);
            for (Object encoded : EventFileWriterTest.decode(EventFileWriterTest.bytes(event, 5)).get(1)) {
                Map<Integer, List<Object>> value = EventFileWriterTest.decode((byte[]) encoded);
                String tag = new String(EventFileWriterTest.bytes(value, 1), StandardCharsets.UTF_8);
                Object v = value.containsKey(2) ? (Object) Float.intBitsToFloat((int) (long) (Long) value.get(2).get(0))
                        : EventFileWriterTest.decode(EventFileWriterTest.bytes(value, 4));
                out.add(new Object[] {tag, step, v});
            }
        }
        return out;
    }

    @Test
    void scalarsAndImageGridsAreReadableWithTheReferenceTags() throws IOException {
        Path run = tmp.resolve("run");
        CliTest.Run r = CliTest.run("train", "--steps", "400", "--run-dir", run.toString());
        assertThat(r.status()).as(r.err()).isZero();
        Path logs = run.resolve("logs");

        List<Object[]> scalars = values(eventFile(logs.resolve("train")));
        assertThat(scalars).extracting(v -> (String) v[0]).contains("lossD", "lossG", "D(x)", "D(G(z))", "steps_per_s");
        assertThat(scalars.stream().filter(v -> v[0].equals("lossD")).count()).isEqualTo(40);
        assertThat(scalars.stream().filter(v -> v[0].equals("lossD")).mapToLong(v -> (Long) v[1]).max().orElse(0))
                .isEqualTo(400);

        for (String[] kind : new String[][] {{"fake", "Mnist Fake Images"}, {"real", "Mnist Real Images"}}) {
            List<Object[]> images = values(eventFile(logs.resolve(kind[0])));
            assertThat(images).as(kind[0]).hasSize(2); // epoch 1 and the partial epoch 2
            assertThat(images.get(0)[0]).isEqualTo(kind[1]);
            @SuppressWarnings("unchecked")
            Map<Integer, List<Object>> image = (Map<Integer, List<Object>>) images.get(1)[2];
            var png = ImageIO.read(new ByteArrayInputStream(EventFileWriterTest.bytes(image, 4)));
            // 32 images in 4 rows of 8, 28 pixels and a 2-pixel border each
            assertThat(png.getWidth()).isEqualTo(2 + 8 * 30).isEqualTo((int) (long) (Long) image.get(2).get(0));
            assertThat(png.getHeight()).isEqualTo(2 + 4 * 30).isEqualTo((int) (long) (Long) image.get(1).get(0));
        }
    }
}
