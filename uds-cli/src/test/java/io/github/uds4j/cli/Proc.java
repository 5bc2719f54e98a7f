package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.fail;

import io.github.uds4j.contract.OutputLines;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A program started by a test, with its output lines collected as they come. Every wait is
 * bounded (generously: the limits only keep a broken build from hanging, they time nothing).
 */
final class Proc {
    /**
     * How long any one wait may take before the test fails; {@code -Duds.test.limitSeconds=N}
     * shortens it, to see a test fail quickly on code that hangs.
     */
    static final long LIMIT_SECONDS = Long.getLong("uds.test.limitSeconds", 120);

    final List<String> command;
    final Process process;
    private final OutputLines out;
    private final OutputLines err;

    private Proc(List<String> command, Process process) {
        this.command = command;
        this.process = process;
        this.out = new OutputLines(process.getInputStream(), "proc-out", LIMIT_SECONDS);
        this.err = new OutputLines(process.getErrorStream(), "proc-err", LIMIT_SECONDS);
    }

    // ---- what to run ----

    /** The feature release of the JVM running the tests: 8, 11, 17, 25, … */
    static int javaFeature() {
        String v = System.getProperty("java.specification.version");
        return Integer.parseInt(v.startsWith("1.") ? v.substring(2) : v);
    }

    /** The {@code java} of the JVM running the tests. */
    static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java -cp <the tests' class path> io.github.uds4j.cli.Main --provider P args}. */
    static List<String> uds(String provider, String... args) {
        return udsWithClassPath(System.getProperty("java.class.path"), provider, args);
    }

    static List<String> udsWithClassPath(String classPath, String provider, String... args) {
        List<String> a = new ArrayList<String>();
        if (provider != null) {
            a.add("--provider");
            a.add(provider);
        }
        a.addAll(Arrays.asList(args));
        return javaMain(classPath, Main.class.getName(), a.toArray(new String[0]));
    }

    /**
     * {@code java -cp CLASS_PATH MAIN_CLASS args}, with {@code --enable-native-access=ALL-UNNAMED}
     * on Java 22+ (junixsocket's JNI and ffm, on the class path: no warning on stderr).
     */
    static List<String> javaMain(String classPath, String mainClass, String... args) {
        List<String> c = new ArrayList<String>();
        c.add(java());
        if (javaFeature() >= 22) {
            c.add("--enable-native-access=ALL-UNNAMED");
        }
        c.add("-cp");
        c.add(classPath);
        c.add(mainClass);
        c.addAll(Arrays.asList(args));
        return c;
    }

    /** {@code python3 -u <test resource python/SCRIPT> args}. */
    static List<String> python(String script, String... args) {
        List<String> c = new ArrayList<String>();
        c.add("python3");
        c.add("-u");
        c.add(resource("python/" + script).toString());
        c.addAll(Arrays.asList(args));
        return c;
    }

    static Path resource(String name) {
        URL url = Proc.class.getResource("/" + name);
        if (url == null) {
            throw new IllegalStateException("test resource " + name + " is missing");
        }
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Returns whether {@code tool} runs: {@code tool args} exits, whatever its status. */
    static boolean available(String... toolAndArgs) {
        try {
            Process p = new ProcessBuilder(toolAndArgs).redirectErrorStream(true).start();
            drain(p.getInputStream());
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---- running ----

    static Proc start(Path dir, List<String> command) throws IOException {
        return start(new ProcessBuilder(command).directory(dir.toFile()));
    }

    static Proc start(ProcessBuilder builder) throws IOException {
        return new Proc(builder.command(), builder.start());
    }

    /** Runs {@code command} in {@code dir} with empty input and waits for it. */
    static Proc run(Path dir, List<String> command) throws IOException, InterruptedException {
        Proc p = start(new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(new File("/dev/null")));
        p.waitForExit();
        return p;
    }

    /** Waits for the exit and returns the status. */
    int waitForExit() throws InterruptedException {
        if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("still running after " + LIMIT_SECONDS + " s: " + this);
        }
        out.join();
        err.join();
        return process.exitValue();
    }

    int exitValue() throws InterruptedException {
        return waitForExit();
    }

    /** Asks it to stop (SIGTERM on Unix) and returns the exit status. */
    int terminate() throws InterruptedException {
        process.destroy();
        return waitForExit();
    }

    /** Stops it if still running, without waiting for anything more than its end. */
    void kill() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Waits until standard output has {@code n} lines equal to {@code line}. */
    void awaitOut(final String line, int n) throws InterruptedException {
        out.await(equalTo(line), "\"" + line + "\"", n, this);
    }

    /** Waits until standard output has a line starting with {@code prefix}; returns the last. */
    String awaitOutStartingWith(final String prefix) throws InterruptedException {
        Predicate<String> starts = new Predicate<String>() {
            @Override
            public boolean test(String l) {
                return l.startsWith(prefix);
            }
        };
        out.await(starts, "starting with \"" + prefix + "\"", 1, this);
        String last = null;
        for (String l : out.lines()) {
            if (starts.test(l)) {
                last = l;
            }
        }
        return last;
    }

    /** Waits until standard error has a line equal to {@code line}. */
    void awaitErr(String line) throws InterruptedException {
        err.await(equalTo(line), "\"" + line + "\"", 1, this);
    }

    /** Waits until standard error has a line containing {@code part}. */
    void awaitErrContaining(final String part) throws InterruptedException {
        err.await(new Predicate<String>() {
            @Override
            public boolean test(String l) {
                return l.contains(part);
            }
        }, "containing \"" + part + "\"", 1, this);
    }

    private static Predicate<String> equalTo(final String line) {
        return new Predicate<String>() {
            @Override
            public boolean test(String l) {
                return l.equals(line);
            }
        };
    }

    List<String> out() {
        return out.lines();
    }

    List<String> err() {
        return err.lines();
    }

    @Override
    public String toString() {
        List<String> shown = new ArrayList<String>(command);
        int cp = shown.indexOf("-cp");
        if (cp >= 0 && cp + 1 < shown.size()) {
            shown.set(cp + 1, "<class path>");
        }
        return String.join(" ", shown) + "\n--- stdout:\n" + String.join("\n", out.lines())
                + "\n--- stderr:\n" + String.join("\n", err.lines());
    }

    static void drain(final InputStream in) {
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                byte[] buf = new byte[8192];
                try {
                    while (in.read(buf) >= 0) {
                        // discard
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }
        }, "drain");
        t.setDaemon(true);
        t.start();
    }
}
