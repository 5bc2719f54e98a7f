package io.github.uds4j.contract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A private PostgreSQL server that listens on a Unix socket only (a {@link LocalServer}).
 *
 * <ul>
 *   <li>Binaries: {@code initdb} and {@code pg_ctl} from {@code pg_config --bindir}, else from the
 *       newest {@code /usr/lib/postgresql/N/bin} (Debian's layout).
 *   <li>User: PostgreSQL refuses to run as root, so when the tests run as root the server runs as
 *       the user {@code postgres}.
 *   <li>Files: the server's directory holds the data directory, the log and the socket
 *       {@code .s.PGSQL.<port>}.
 *   <li>Settings: {@code listen_addresses = ''} (no TCP listener at all), trust authentication for
 *       the superuser {@code postgres}, and a random port number, which here only names the
 *       socket file.
 * </ul>
 */
public final class PostgresServer extends LocalServer {
    private Path dataDir;
    private Path pgCtl;
    private int port;

    public PostgresServer() {
        super("PostgreSQL", "postgres");
    }

    /** Returns the directory that holds the server's socket file. */
    public Path socketDirectory() {
        return directory();
    }

    /** Returns the port number, which names the socket file {@code .s.PGSQL.<port>}. */
    public int port() {
        directory();
        return port;
    }

    /** Returns the path of the server's socket file. */
    public Path socketPath() {
        return socketDirectory().resolve(".s.PGSQL." + port);
    }

    @Override
    protected String missingReason() {
        return findBinDir() != null ? null
                : "PostgreSQL is not installed: no initdb and pg_ctl in `pg_config --bindir`"
                        + " or /usr/lib/postgresql/*/bin (Debian: apt-get install postgresql)";
    }

    @Override
    protected void start(Path base) throws Exception {
        Path bin = findBinDir();
        pgCtl = bin.resolve("pg_ctl");
        port = 5433 + ThreadLocalRandom.current().nextInt(50000);
        dataDir = base.resolve("data");
        Path log = base.resolve("server.log");
        run("initdb", log, bin.resolve("initdb").toString(), "-D", dataDir.toString(),
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
        run("pg_ctl-start", log, pgCtl.toString(), "-D", dataDir.toString(),
                "-l", log.toString(), "-w", "-t", "60", "start");
        if (!Files.exists(socketPath())) {
            throw new IOException("PostgreSQL started but its socket " + socketPath()
                    + " is missing" + tail(log));
        }
    }

    @Override
    protected void stop(Path base) throws Exception {
        if (dataDir == null || !Files.exists(dataDir.resolve("postmaster.pid"))) {
            return;
        }
        Path log = base.resolve("server.log");
        try {
            run("pg_ctl-stop", log, pgCtl.toString(), "-D", dataDir.toString(),
                    "-m", "fast", "-w", "-t", "60", "stop");
        } catch (Exception e) {
            try {
                run("pg_ctl-stop-immediate", log, pgCtl.toString(), "-D", dataDir.toString(),
                        "-m", "immediate", "-w", "-t", "60", "stop");
            } catch (Exception again) {
                e.addSuppressed(again);
            }
            throw e;
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
}
