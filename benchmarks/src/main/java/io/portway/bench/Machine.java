package io.portway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about the machine a figure ran on, printed with every figure. */
final class Machine {

    private Machine() {
    }

    /** The 1-, 5- and 15-minute load averages as "a b c" (from /proc/loadavg, else the JVM's 1-minute figure). */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return String.format("%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage());
        }
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}
