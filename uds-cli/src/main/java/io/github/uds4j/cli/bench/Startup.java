package io.github.uds4j.cli.bench;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Target 5: what the first {@code UnixSockets.backend()} costs in a fresh JVM, and which
 * junixsocket classes and native libraries it brings in. Runs {@link StartupProbe} in child
 * JVMs of the same Java and class path: several without {@code -verbose:class} to time it, one
 * with it to see the classes.
 */
final class Startup {
    private Startup() {}

    /** What the child JVMs found. */
    static final class Result {
        final String provider;
        final double[] millis;
        /** junixsocket classes loaded before the facade was ready. */
        final int classesAtFacade;
        /** junixsocket classes loaded by the first {@code UnixSockets.backend()}. */
        final int classesAtProvider;
        final int nativeLibrariesBefore;
        final int nativeLibrariesAfter;

        Result(String provider, double[] millis, int classesAtFacade, int classesAtProvider,
                int nativeLibrariesBefore, int nativeLibrariesAfter) {
            this.provider = provider;
            this.millis = millis;
            this.classesAtFacade = classesAtFacade;
            this.classesAtProvider = classesAtProvider;
            this.nativeLibrariesBefore = nativeLibrariesBefore;
            this.nativeLibrariesAfter = nativeLibrariesAfter;
        }
    }

    /**
     * Runs the probe {@code runs} times to time it and once more to list the classes.
     *
     * @throws IOException if a child JVM cannot be started or fails
     * @throws InterruptedException if interrupted while waiting for one
     */
    static Result measure(int runs) throws IOException, InterruptedException {
        double[] millis = new double[runs];
        String[] last = null;
        for (int i = 0; i < runs; i++) {
            last = result(run(false));
            millis[i] = Long.parseLong(last[1]) / 1e6;
        }
        List<String> verbose = run(true);
        int atFacade = 0;
        int atProvider = 0;
        int phase = 0;
        for (String line : verbose) {
            if (line.equals(StartupProbe.FACADE_LOADED)) {
                phase = 1;
            } else if (line.equals(StartupProbe.PROVIDER_CHOSEN)) {
                phase = 2;
            } else if (line.contains("org.newsclub")) {
                if (phase == 0) {
                    atFacade++;
                } else if (phase == 1) {
                    atProvider++;
                }
            }
        }
        return new Result(last[0], millis, atFacade, atProvider, Integer.parseInt(last[2]),
                Integer.parseInt(last[3]));
    }

    private static String[] result(List<String> lines) throws IOException {
        for (String line : lines) {
            if (line.startsWith(StartupProbe.RESULT)) {
                return line.substring(StartupProbe.RESULT.length()).split(" ");
            }
        }
        throw new IOException("the start-up probe printed no result: " + lines);
    }

    private static List<String> run(boolean verbose) throws IOException, InterruptedException {
        List<String> command = new ArrayList<String>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator
                + "java");
        // Java 8 to 16 skip the option they do not know; 17+ keep JDK 24+ from warning when
        // junixsocket is forced and loads its library.
        command.add("-XX:+IgnoreUnrecognizedVMOptions");
        command.add("--enable-native-access=ALL-UNNAMED");
        if (verbose) {
            command.add("-verbose:class");
        }
        String forced = System.getProperty("uds4j.provider");
        if (forced != null) {
            command.add("-Duds4j.provider=" + forced);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StartupProbe.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = readAll(p.getInputStream());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("the start-up probe did not finish in 60 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("the start-up probe failed (exit status " + p.exitValue()
                    + "): " + output.trim());
        }
        return Arrays.asList(output.split("\r?\n"));
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        for (int n; (n = in.read(b)) != -1; ) {
            out.write(b, 0, n);
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }
}
