package org.gan4j.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident memory, from Linux's {@code /proc/self/status}; -1 elsewhere. */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /** Current resident set size in MiB. */
    static long rssMb() {
        return field("VmRSS:") / 1024;
    }

    /** Peak resident set size in MiB. */
    static long peakRssMb() {
        return field("VmHWM:") / 1024;
    }

    private static long field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1024;
    }
}
