package io.github.uds4j.cli.bench;

import io.github.uds4j.UnixSockets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Set;

/**
 * Run by {@link Startup} in a fresh JVM: loads the facade, then times the first {@code
 * UnixSockets.backend()}, printing marks between the steps so that the class-loading log of
 * {@code -verbose:class} can be split at them. Prints, last, {@code uds-bench-probe: result NAME
 * NANOS BEFORE AFTER}: the provider chosen, the call's nanoseconds, and how many junixsocket
 * native libraries the process had mapped before and after it (-1 where that cannot be told).
 */
public final class StartupProbe {
    static final String PREFIX = "uds-bench-probe: ";
    static final String FACADE_LOADED = PREFIX + "facade loaded";
    static final String PROVIDER_CHOSEN = PREFIX + "provider chosen";
    static final String RESULT = PREFIX + "result ";

    private StartupProbe() {}

    /**
     * Runs the probe.
     *
     * @param args none
     * @throws Exception if the facade cannot be loaded or no provider can work here
     */
    public static void main(String[] args) throws Exception {
        int before = nativeLibraries();
        Class.forName("io.github.uds4j.UnixSockets", true, StartupProbe.class.getClassLoader());
        mark(FACADE_LOADED);
        long start = System.nanoTime();
        String name = firstProvider();
        long nanos = System.nanoTime() - start;
        mark(PROVIDER_CHOSEN);
        int after = nativeLibraries();
        mark(RESULT + name + " " + nanos + " " + before + " " + after);
    }

    private static String firstProvider() {
        return UnixSockets.backend().name();
    }

    private static void mark(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /**
     * Counts the junixsocket libraries in this process's memory map; -1 if it cannot tell.
     * Public for the routing tests' probe, which asks the same.
     *
     * @return the number of distinct junixsocket {@code .so} files mapped
     */
    public static int nativeLibraries() {
        Path maps = Paths.get("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return -1;
        }
        try {
            Set<String> files = new HashSet<String>();
            for (String line : Files.readAllLines(maps, StandardCharsets.UTF_8)) {
                int slash = line.indexOf('/');
                if (slash >= 0) {
                    String file = line.substring(slash);
                    String name = file.substring(file.lastIndexOf('/') + 1);
                    if (name.contains("junixsocket") && name.contains(".so")) {
                        files.add(file);
                    }
                }
            }
            return files.size();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
