package io.github.uds4j.contract;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private server (a database, a cache, a daemon) that a test class starts for itself, listening
 * on a Unix socket only, in a fresh directory under {@code /tmp}: started before the first test,
 * stopped and its files deleted after the last, also when tests fail (and, should the JVM be ended
 * early, from a shutdown hook). A subclass says what it needs ({@link #missingReason()}), how to
 * start it ({@link #start(Path)}) and, if more than ending its processes is needed, how to stop
 * it ({@link #stop(Path)}). Register one on a static field with {@code @RegisterExtension}.
 *
 * <ul>
 *   <li>User: when the tests run as root, the server's programs run as the subclass's server user
 *       (through {@code setpriv}), which owns the directory; otherwise as the current user.
 *   <li>Where the server cannot run here, each test is skipped with the reason; when the
 *       environment variable {@code CI} is {@code true} the tests fail instead, so CI cannot pass
 *       without them. A server that is installed but does not start always fails the tests, with
 *       its log in the message.
 * </ul>
 */
public abstract class LocalServer
        implements BeforeAllCallback, AfterAllCallback, ExecutionCondition {
    private static final long STEP_SECONDS = 120;
    private static final String SETPRIV = "/usr/bin/setpriv";

    private final String name;
    private final String serverUser;
    private Optional<String> unavailable;
    private Path base;
    private List<String> asServerUser;
    private final List<Process> processes = new ArrayList<Process>();
    private Thread shutdownHook;

    /**
     * @param name       what the server is, for messages ("PostgreSQL", "MariaDB")
     * @param serverUser the user (and group) its programs run as when the tests run as root
     */
    protected LocalServer(String name, String serverUser) {
        this.name = name;
        this.serverUser = serverUser;
    }

    /**
     * Returns why the server's programs are not installed here (naming the package that brings
     * them), or null if they are.
     */
    protected abstract String missingReason();

    /** Starts the server in {@code directory}, which exists and belongs to its user. */
    protected abstract void start(Path directory) throws Exception;

    /**
     * Stops the server gracefully if it can; the processes started by {@link #startProcess} are
     * ended afterwards in any case, and the directory deleted. The default does nothing more.
     */
    protected void stop(Path directory) throws Exception {
    }

    /** Returns the server's directory (its socket files and logs are in it). */
    public final Path directory() {
        if (base == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return base;
    }

    @Override
    public final void beforeAll(ExtensionContext context) throws Exception {
        startServer();
    }

    @Override
    public final void afterAll(ExtensionContext context) throws Exception {
        stopServer();
    }

    /**
     * Disables each test, with the reason, where the server cannot run here and the environment
     * variable {@code CI} is not {@code true}. (Per test rather than per class, so that the
     * reports count the skipped tests and show why.)
     */
    @Override
    public final ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String reason = unavailableReason();
        if (reason == null || isCi() || !context.getTestMethod().isPresent()) {
            return ConditionEvaluationResult.enabled(name + " can run here, or must (CI)");
        }
        return ConditionEvaluationResult.disabled(reason);
    }

    private static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Returns why the server cannot run here, or null if it can. */
    private synchronized String unavailableReason() {
        if (unavailable == null) {
            unavailable = Optional.ofNullable(checkAvailable());
        }
        return unavailable.orElse(null);
    }

    private String checkAvailable() {
        String missing = missingReason();
        if (missing != null) {
            return missing;
        }
        try {
            if (!isRoot()) {
                return null;
            }
        } catch (IOException e) {
            return "cannot tell whether the tests run as root: " + e;
        }
        try {
            UserPrincipalLookupService users = Paths.get("/").getFileSystem()
                    .getUserPrincipalLookupService();
            users.lookupPrincipalByName(serverUser);
            users.lookupPrincipalByGroupName(serverUser);
        } catch (IOException e) {
            return "the tests run as root, and " + name + " runs as '" + serverUser
                    + "', but there is no such user and group (" + e + ")";
        }
        if (!new File(SETPRIV).canExecute()) {
            return "the tests run as root, and " + name + " runs as '" + serverUser
                    + "', but there is no " + SETPRIV;
        }
        return null;
    }

    private synchronized void startServer() throws Exception {
        String reason = unavailableReason();
        if (reason != null) {
            if (isCi()) {
                throw new IllegalStateException(reason + " (CI=true: the " + name
                        + " tests must run)");
            }
            return; // every test is disabled with the reason
        }
        List<String> prefix = new ArrayList<String>();
        base = Files.createTempDirectory(Paths.get("/tmp"), "uds4j-srv");
        try {
            if (isRoot()) {
                UserPrincipalLookupService users = Paths.get("/").getFileSystem()
                        .getUserPrincipalLookupService();
                PosixFileAttributeView view = Files.getFileAttributeView(base,
                        PosixFileAttributeView.class);
                view.setOwner(users.lookupPrincipalByName(serverUser));
                view.setGroup(users.lookupPrincipalByGroupName(serverUser));
                prefix.addAll(Arrays.asList(SETPRIV, "--reuid=" + serverUser,
                        "--regid=" + serverUser, "--init-groups", "--"));
            }
            asServerUser = prefix;
            shutdownHook = new Thread(this::stopQuietly, "uds4j-" + serverUser + "-stop");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            start(base);
        } catch (Throwable e) {
            try {
                stopServer();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Stops the server and deletes its directory; does nothing if it is not running. */
    private synchronized void stopServer() throws Exception {
        if (base == null) {
            return;
        }
        Exception failure = null;
        try {
            stop(base);
        } catch (Exception e) {
            failure = e;
        }
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
        processes.clear();
        try {
            deleteTree(base);
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        base = null;
        Thread hook = shutdownHook;
        shutdownHook = null;
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to; stopServer() is idempotent
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void stopQuietly() {
        try {
            stopServer();
        } catch (Exception e) {
            // the JVM is ending; nothing is left to report to
        }
    }

    /**
     * Runs one of the server's programs to its end as the server's user, in its directory, with
     * its output in {@code STEP.out} there; fails with that output (and {@code log}'s tail, if
     * given) when it fails or takes more than two minutes.
     */
    protected final void run(String step, Path log, String... command)
            throws IOException, InterruptedException {
        Path out = base.resolve(step + ".out");
        Process p = builder(out, command).start();
        if (!p.waitFor(STEP_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(step + " did not finish in " + STEP_SECONDS + " s: "
                    + Arrays.asList(command) + "\n" + tail(out) + tail(log));
        }
        if (p.exitValue() != 0) {
            throw new IOException(step + " failed (exit " + p.exitValue() + "): "
                    + Arrays.asList(command) + "\n" + tail(out) + tail(log));
        }
    }

    /**
     * Starts a server process that runs until the server is stopped (in the foreground, not as a
     * daemon), as the server's user, with its output in {@code STEP.out}; it is ended (SIGTERM,
     * then SIGKILL after 30 s) when the server stops. Then waits until {@code socket} exists,
     * failing with the output if the process ends first or a minute passes.
     */
    protected final Process startProcess(String step, Path socket, String... command)
            throws IOException, InterruptedException {
        Path out = base.resolve(step + ".out");
        Process p = builder(out, command).start();
        processes.add(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(socket)) {
            if (!p.isAlive()) {
                throw new IOException(step + " ended (exit " + p.exitValue() + ") before "
                        + socket + " appeared: " + Arrays.asList(command) + "\n" + tail(out));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(socket + " did not appear within 60 s of " + step + ": "
                        + Arrays.asList(command) + "\n" + tail(out));
            }
            Thread.sleep(20);
        }
        return p;
    }

    private ProcessBuilder builder(Path out, String... command) {
        List<String> full = new ArrayList<String>(asServerUser);
        full.addAll(Arrays.asList(command));
        ProcessBuilder pb = new ProcessBuilder(full).directory(base.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("LC_ALL", "C");
        return pb;
    }

    /** Returns the last 4000 characters of {@code file} after a header line, or "" if none. */
    protected static String tail(Path file) {
        if (file == null || !Files.exists(file)) {
            return "";
        }
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            text = "(cannot read it: " + e + ")";
        }
        return "\n" + file.getFileName() + ":\n" + (text.length() > 4000
                ? "…" + text.substring(text.length() - 4000) : text);
    }

    /** Returns the first of {@code candidates} that is an executable file, or null. */
    protected static Path firstExecutable(String... candidates) {
        for (String c : candidates) {
            Path p = Paths.get(c);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    private static boolean isRoot() throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"),
                StandardCharsets.UTF_8)) {
            if (line.startsWith("Uid:")) {
                return line.split("\\s+")[1].equals("0");
            }
        }
        return false;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<Path>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                    throws IOException {
                deleteIfPresent(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                deleteIfPresent(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteIfPresent(Path p) throws IOException {
        try {
            Files.delete(p);
        } catch (NoSuchFileException gone) {
            // removed meanwhile (servers remove their socket and lock files)
        }
    }
}
