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
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a private PostgreSQL server that listens on a Unix socket only, for the tests of one
 * class: started before the first test, stopped and its files deleted after the last, also when
 * tests fail (and, should the JVM be ended early, from a shutdown hook). Register it on a static
 * field with {@code @RegisterExtension}.
 *
 * <ul>
 *   <li>Binaries: {@code initdb} and {@code pg_ctl} from {@code pg_config --bindir}, else from the
 *       newest {@code /usr/lib/postgresql/N/bin} (Debian's layout).
 *   <li>User: PostgreSQL refuses to run as root, so when the tests run as root the server runs as
 *       the user {@code postgres} (through {@code setpriv}); otherwise as the current user.
 *   <li>Files: a fresh directory under {@code /tmp} (short, so the socket path stays far below the
 *       106-byte limit, and reachable by the {@code postgres} user) holding the data directory,
 *       the log and the socket {@code .s.PGSQL.<port>}.
 *   <li>Settings: {@code listen_addresses = ''} (no TCP listener at all), trust authentication for
 *       the superuser {@code postgres}, and a random port number, which here only names the
 *       socket file.
 * </ul>
 *
 * <p>Where PostgreSQL is not installed (or, as root, there is no {@code postgres} user or no
 * {@code setpriv}) each test is skipped, saying why; when the environment variable {@code CI} is
 * {@code true} they fail instead, so CI cannot pass without them. A server
 * that is installed but does not start always fails the tests, with its log in the message.
 */
public final class PostgresServer
        implements BeforeAllCallback, AfterAllCallback, ExecutionCondition {
    private static final long STEP_SECONDS = 120;
    private static final String SERVER_USER = "postgres";
    private static final String SETPRIV = "/usr/bin/setpriv";
    private static Optional<String> unavailable;

    private Path base;
    private Path dataDir;
    private Path pgCtl;
    private List<String> asServerUser;
    private int port;
    private Thread shutdownHook;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    /** Returns the directory that holds the server's socket file. */
    public Path socketDirectory() {
        checkRunning();
        return base;
    }

    /** Returns the port number, which names the socket file {@code .s.PGSQL.<port>}. */
    public int port() {
        checkRunning();
        return port;
    }

    /** Returns the path of the server's socket file. */
    public Path socketPath() {
        return socketDirectory().resolve(".s.PGSQL." + port);
    }

    private void checkRunning() {
        if (base == null) {
            throw new IllegalStateException("PostgreSQL is not running");
        }
    }

    /**
     * Disables each test, with the reason, where PostgreSQL cannot run here and the environment
     * variable {@code CI} is not {@code true}. (Per test rather than per class, so that the
     * reports count the skipped tests and show why.)
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String reason = unavailableReason();
        if (reason == null || isCi() || !context.getTestMethod().isPresent()) {
            return ConditionEvaluationResult.enabled("PostgreSQL can run here, or must (CI)");
        }
        return ConditionEvaluationResult.disabled(reason);
    }

    private static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Returns why PostgreSQL cannot run here, or null if it can. */
    private static synchronized String unavailableReason() {
        if (unavailable == null) {
            unavailable = Optional.ofNullable(checkAvailable());
        }
        return unavailable.orElse(null);
    }

    private static String checkAvailable() {
        if (findBinDir() == null) {
            return "PostgreSQL is not installed: no initdb and pg_ctl in `pg_config --bindir`"
                    + " or /usr/lib/postgresql/*/bin (Debian: apt-get install postgresql)";
        }
        boolean root;
        try {
            root = isRoot();
        } catch (IOException e) {
            return "cannot tell whether the tests run as root: " + e;
        }
        if (!root) {
            return null;
        }
        try {
            UserPrincipalLookupService users = Paths.get("/").getFileSystem()
                    .getUserPrincipalLookupService();
            users.lookupPrincipalByName(SERVER_USER);
            users.lookupPrincipalByGroupName(SERVER_USER);
        } catch (IOException e) {
            return "the tests run as root, and PostgreSQL refuses root, but there is no user and"
                    + " group '" + SERVER_USER + "' to run it as (" + e + ")";
        }
        if (!new File(SETPRIV).canExecute()) {
            return "the tests run as root, and PostgreSQL refuses root, but there is no "
                    + SETPRIV + " to run it as '" + SERVER_USER + "'";
        }
        return null;
    }

    private synchronized void start() throws Exception {
        String reason = unavailableReason();
        if (reason != null) {
            if (isCi()) {
                throw new IllegalStateException(reason
                        + " (CI=true: the PostgreSQL tests must run)");
            }
            return; // every test is disabled with the reason
        }
        Path bin = findBinDir();
        UserPrincipal serverUser = null;
        GroupPrincipal serverGroup = null;
        List<String> prefix = new ArrayList<String>();
        if (isRoot()) {
            UserPrincipalLookupService users = Paths.get("/").getFileSystem()
                    .getUserPrincipalLookupService();
            serverUser = users.lookupPrincipalByName(SERVER_USER);
            serverGroup = users.lookupPrincipalByGroupName(SERVER_USER);
            prefix.addAll(Arrays.asList(SETPRIV, "--reuid=" + SERVER_USER,
                    "--regid=" + SERVER_USER, "--init-groups", "--"));
        }
        asServerUser = prefix;
        pgCtl = bin.resolve("pg_ctl");
        port = 5433 + ThreadLocalRandom.current().nextInt(50000);
        base = Files.createTempDirectory(Paths.get("/tmp"), "uds4j-pg");
        dataDir = base.resolve("data");
        try {
            if (serverUser != null) {
                PosixFileAttributeView view = Files.getFileAttributeView(base,
                        PosixFileAttributeView.class);
                view.setOwner(serverUser);
                view.setGroup(serverGroup);
            }
            run("initdb", bin.resolve("initdb").toString(), "-D", dataDir.toString(),
                    "--auth=trust", "--username=postgres", "--encoding=UTF8", "--no-locale",
                    "--no-sync");
            String settings = "\n# uds4j tests\n"
                    + "listen_addresses = ''\n"
                    + "unix_socket_directories = '" + base + "'\n"
                    + "port = " + port + "\n"
                    + "max_connections = 20\n"
                    + "shared_buffers = 16MB\n"
                    + "fsync = off\n";
            Files.write(dataDir.resolve("postgresql.conf"),
                    settings.getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
            shutdownHook = new Thread(this::stopQuietly, "uds4j-postgres-stop");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            run("pg_ctl-start", pgCtl.toString(), "-D", dataDir.toString(),
                    "-l", base.resolve("server.log").toString(), "-w", "-t", "60", "start");
            if (!Files.exists(socketPath())) {
                throw new IOException("PostgreSQL started but its socket " + socketPath()
                        + " is missing" + logTail());
            }
        } catch (Throwable e) {
            try {
                stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Stops the server and deletes its directory; does nothing if it is not running. */
    private synchronized void stop() throws Exception {
        if (base == null) {
            return;
        }
        Exception failure = null;
        try {
            if (Files.exists(dataDir.resolve("postmaster.pid"))) {
                try {
                    run("pg_ctl-stop", pgCtl.toString(), "-D", dataDir.toString(),
                            "-m", "fast", "-w", "-t", "60", "stop");
                } catch (Exception e) {
                    failure = e;
                    run("pg_ctl-stop-immediate", pgCtl.toString(), "-D", dataDir.toString(),
                            "-m", "immediate", "-w", "-t", "60", "stop");
                }
            }
        } catch (Exception e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        } finally {
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
                    // the hook is running or about to; stop() is idempotent
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (Exception e) {
            // the JVM is ending; nothing is left to report to
        }
    }

    /** Runs a PostgreSQL program as the server's user, bounded, failing with its output. */
    private void run(String step, String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<String>(asServerUser);
        full.addAll(Arrays.asList(command));
        Path out = base.resolve(step + ".out");
        ProcessBuilder pb = new ProcessBuilder(full).directory(base.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        if (!p.waitFor(STEP_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(step + " did not finish in " + STEP_SECONDS + " s: "
                    + full + "\n" + read(out) + logTail());
        }
        if (p.exitValue() != 0) {
            throw new IOException(step + " failed (exit " + p.exitValue() + "): " + full + "\n"
                    + read(out) + logTail());
        }
    }

    private String logTail() {
        Path log = base.resolve("server.log");
        if (!Files.exists(log)) {
            return "";
        }
        String text = read(log);
        return "\nserver.log:\n" + (text.length() > 4000
                ? "…" + text.substring(text.length() - 4000) : text);
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /** Returns the directory holding initdb and pg_ctl, or null if there is none. */
    static Path findBinDir() {
        Path fromPgConfig = pgConfigBinDir();
        if (fromPgConfig != null && hasTools(fromPgConfig)) {
            return fromPgConfig;
        }
        Path versions = Paths.get("/usr/lib/postgresql");
        List<Integer> found = new ArrayList<Integer>();
        try (java.util.stream.Stream<Path> s = Files.list(versions)) {
            s.forEach(p -> {
                String name = p.getFileName().toString();
                if (name.matches("[0-9]{1,4}")) {
                    found.add(Integer.valueOf(name));
                }
            });
        } catch (IOException e) {
            return null;
        }
        Collections.sort(found, Collections.reverseOrder());
        for (Integer v : found) {
            Path bin = versions.resolve(v.toString()).resolve("bin");
            if (hasTools(bin)) {
                return bin;
            }
        }
        return null;
    }

    private static Path pgConfigBinDir() {
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            byte[] out = Bytes.readAll(p.getInputStream());
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String dir = new String(out, StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 && dir.startsWith("/") ? Paths.get(dir) : null;
        } catch (IOException e) {
            return null; // no pg_config on the PATH
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static boolean hasTools(Path bin) {
        return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"));
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
            // removed meanwhile (the server removes its socket and lock files)
        }
    }
}
