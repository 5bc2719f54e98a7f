package io.github.uds4j.contract;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A program that is not Java (python3, socat) run by a test as a child process, its output lines
 * collected as they come. Every wait is bounded: a peer that sends nothing, or never ends, fails
 * the test with what the program printed, instead of hanging it.
 *
 * <p>{@link #require} checks that a tool is installed: where it is not, the test is skipped
 * saying which package to install, except under CI ({@code CI=true}), where it fails, so that CI
 * cannot pass without the tools (.ci/run installs them).
 */
public final class ExternalProgram {
    /** How long any one wait may take before the test fails. */
    public static final long LIMIT_SECONDS = 60;
    /** The Python peer of {@link InteropContract}, a resource beside this class. */
    public static final String INTEROP_PEER = "interop_peer.py";

    private final List<String> command;
    private final Process process;
    private final OutputLines out;
    private final OutputLines err;

    private ExternalProgram(List<String> command, Process process, boolean outRedirected,
            boolean errRedirected) {
        this.command = command;
        this.process = process;
        this.out = new OutputLines(outRedirected ? null : process.getInputStream(),
                "program-out", LIMIT_SECONDS);
        this.err = new OutputLines(errRedirected ? null : process.getErrorStream(),
                "program-err", LIMIT_SECONDS);
    }

    /**
     * Skips the test, or fails it under CI, unless {@code probe} runs and exits with status 0.
     *
     * @param what what is missing, for the message, such as {@code "socat"}
     * @param install how to get it, such as {@code "Debian package socat"}
     * @param probe the command that must succeed, such as {@code socat -V}
     */
    public static void require(String what, String install, String... probe) {
        String problem = problem(probe);
        if (problem == null) {
            return;
        }
        String message = what + " is needed and " + problem + " (" + install + ")";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + "; under CI=true a missing tool fails the test");
        }
        assumeTrue(false, message);
    }

    /** Requires python3 with {@code socket.send_fds} (Python 3.9+), which the peer uses. */
    public static void requirePython() {
        require("python3 (3.9 or newer, for socket.send_fds)", "Debian package python3",
                "python3", "-c", "import socket, sys; sys.exit(0 if hasattr(socket, 'send_fds')"
                        + " and hasattr(socket, 'SOCK_SEQPACKET') else 1)");
    }

    /** Requires socat. */
    public static void requireSocat() {
        require("socat", "Debian package socat", "socat", "-V");
    }

    private static String problem(String... probe) {
        try {
            Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String output = readAll(p.getInputStream());
            if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "'" + String.join(" ", probe) + "' did not end";
            }
            return p.exitValue() == 0 ? null : "'" + String.join(" ", probe) + "' exited with "
                    + p.exitValue() + ": " + output.trim();
        } catch (IOException e) {
            return "'" + probe[0] + "' cannot be run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * Returns {@code python3 -u -c <the source of resource SCRIPT beside this class> args}: the
     * script is passed as text, so it runs from the test-jar too.
     */
    public static List<String> python(String script, String... args) {
        List<String> c = new ArrayList<String>();
        c.add("python3");
        c.add("-u");
        c.add("-c");
        c.add(source(script));
        c.addAll(Arrays.asList(args));
        return c;
    }

    private static String source(String script) {
        try (InputStream in = ExternalProgram.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + script + " is missing");
            }
            return readAll(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts {@code command} in {@code dir}, with no input. */
    public static ExternalProgram start(File dir, List<String> command) throws IOException {
        return start(new ProcessBuilder(command).directory(dir)
                .redirectInput(new File("/dev/null")));
    }

    /** Starts {@code builder}; output not redirected by it is collected. */
    public static ExternalProgram start(ProcessBuilder builder) throws IOException {
        boolean outRedirected = builder.redirectOutput() != ProcessBuilder.Redirect.PIPE;
        boolean errRedirected = builder.redirectErrorStream()
                || builder.redirectError() != ProcessBuilder.Redirect.PIPE;
        return new ExternalProgram(new ArrayList<String>(builder.command()), builder.start(),
                outRedirected, errRedirected);
    }

    /** Waits for the exit and returns the status; fails the test if it does not come. */
    public int waitForExit() throws InterruptedException {
        if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
            out.join();
            err.join();
            fail("still running after " + LIMIT_SECONDS + " s: " + this);
        }
        out.join();
        err.join();
        return process.exitValue();
    }

    /** Waits for the exit and fails the test, showing the output, unless the status is 0. */
    public void assertSuccess() throws InterruptedException {
        int status = waitForExit();
        if (status != 0) {
            fail("exit status " + status + ": " + this);
        }
    }

    /** Returns whether it is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops it if still running. */
    public void kill() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Waits until standard output has the line {@code line}. */
    public void awaitOut(final String line) throws InterruptedException {
        out.await(l -> l.equals(line), "\"" + line + "\"", 1, this);
    }

    /** Waits until standard error has a line containing {@code part}. */
    public void awaitErrContaining(final String part) throws InterruptedException {
        err.await(l -> l.contains(part), "containing \"" + part + "\"", 1, this);
    }

    /** Returns the lines of standard output so far. */
    public List<String> out() {
        return out.lines();
    }

    /** Returns the lines of standard error so far. */
    public List<String> err() {
        return err.lines();
    }

    @Override
    public String toString() {
        List<String> shown = new ArrayList<String>(command);
        int c = shown.indexOf("-c");
        if (shown.size() > 0 && shown.get(0).startsWith("python") && c >= 0
                && c + 1 < shown.size()) {
            shown.set(c + 1, "<script>");
        }
        return String.join(" ", shown) + "\n--- stdout:\n" + String.join("\n", out.lines())
                + "\n--- stderr:\n" + String.join("\n", err.lines());
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) >= 0; ) {
            b.write(buf, 0, n);
        }
        return new String(b.toByteArray(), StandardCharsets.UTF_8);
    }
}
