package io.github.uds4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The figures of the load and fault suite: one line per scenario and provider, printed and
 * appended to {@code target/load-figures.txt} (the README's table is made from them).
 */
final class LoadFigures {
    static final Path FILE = Paths.get("target", "load-figures.txt");

    private LoadFigures() {}

    /**
     * Records a scenario's figures.
     *
     * @param held the most clients the server held at once
     * @param bytes the bytes sent and verified back (each way)
     * @param nanos the time the traffic took
     * @param threads the server's peak thread count
     * @param fds the server's peak open file descriptors
     * @param note anything else worth telling
     */
    static synchronized void record(String provider, String scenario, int held, long bytes,
            long nanos, int threads, int fds, String note) throws IOException {
        String line = String.format(Locale.ROOT,
                "%-11s | %-32s | held %5d | verified %9s | %7.2f s | threads %5d | fds %5d | %s%n",
                provider, scenario, held, size(bytes), nanos / 1e9, threads, fds, note);
        System.out.print("load figures: " + line);
        Files.createDirectories(FILE.getParent());
        Files.write(FILE, line.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    static String size(long bytes) {
        if (bytes >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.0f MiB", bytes / (1024.0 * 1024));
        }
        if (bytes >= 1024) {
            return String.format(Locale.ROOT, "%.0f KiB", bytes / 1024.0);
        }
        return bytes + " B";
    }
}
