package io.github.uds4j.clients;

import io.github.uds4j.contract.LocalServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A private MariaDB server that listens on a Unix socket only (a {@link LocalServer}).
 *
 * <ul>
 *   <li>Programs: {@code mariadb-install-db} creates the data directory (no test database, root
 *       without a password), then {@code mariadbd} runs in the foreground; when the tests run as
 *       root both run as the user {@code mysql}.
 *   <li>Network: {@code --skip-networking}, so no TCP port at all; the socket file is {@code
 *       mysqld.sock} in the server's directory.
 *   <li>Account: an init file creates the user {@value #USER} (password {@value #PASSWORD}, via
 *       {@code mysql_native_password}, which any JDBC driver can use, unlike root's {@code
 *       unix_socket}) with all privileges, and the database {@value #DATABASE}.
 *   <li>TLS: a self-signed certificate made with {@code openssl}, so a client may use TLS over
 *       the socket (MySQL Connector/J does by default, {@code sslMode=PREFERRED}), as against a
 *       MySQL 8 server.
 *   <li>Size: small buffers and redo log, no binary log, so it starts in about a second; {@code
 *       max_connections} 80 and {@code max_allowed_packet} 16 MiB.
 * </ul>
 */
public final class MariaDbServer extends LocalServer {
    /** The test user. */
    public static final String USER = "uds4j";
    /** The test user's password. */
    public static final String PASSWORD = "uds4j-secret";
    /** The test database. */
    public static final String DATABASE = "uds4j";

    private static final String MARIADBD = "/usr/sbin/mariadbd";
    private static final String OPENSSL = "/usr/bin/openssl";
    private Path socket;

    public MariaDbServer() {
        super("MariaDB", "mysql");
    }

    /** Returns the path of the server's socket file. */
    public Path socketPath() {
        directory();
        return socket;
    }

    @Override
    protected String missingReason() {
        if (firstExecutable(MARIADBD) == null || installDb() == null) {
            return "MariaDB is not installed: no " + MARIADBD + " and mariadb-install-db"
                    + " (Debian: apt-get install mariadb-server)";
        }
        return firstExecutable(OPENSSL) != null ? null
                : "the MariaDB tests make a TLS certificate with " + OPENSSL + ", which is not"
                        + " installed (Debian: apt-get install openssl)";
    }

    private static Path installDb() {
        return firstExecutable("/usr/bin/mariadb-install-db", "/usr/bin/mysql_install_db");
    }

    @Override
    protected void start(Path base) throws Exception {
        Path data = base.resolve("data");
        Path log = base.resolve("server.log");
        socket = base.resolve("mysqld.sock");
        String[] small = {"--innodb-buffer-pool-size=8M", "--innodb-log-file-size=4M",
            "--skip-log-bin"};
        String[] install = {installDb().toString(), "--no-defaults", "--datadir=" + data,
            "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve"};
        run("install-db", null, concat(install, small));
        Path init = base.resolve("init.sql");
        String sql = "CREATE USER '" + USER + "'@'localhost' IDENTIFIED BY '" + PASSWORD + "';\n"
                + "GRANT ALL ON *.* TO '" + USER + "'@'localhost';\n"
                + "CREATE DATABASE " + DATABASE + ";\n";
        Files.write(init, sql.getBytes(StandardCharsets.UTF_8));
        String[] server = {MARIADBD, "--no-defaults", "--datadir=" + data,
            "--socket=" + socket, "--pid-file=" + base.resolve("mysqld.pid"),
            "--log-error=" + log, "--skip-networking", "--skip-name-resolve",
            "--init-file=" + init, "--max-connections=80", "--max-allowed-packet=16M",
            "--innodb-buffer-pool-dump-at-shutdown=OFF",
            "--innodb-buffer-pool-load-at-startup=OFF"};
        run("openssl", null, OPENSSL, "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-keyout", base.resolve("key.pem").toString(),
                "-out", base.resolve("cert.pem").toString());
        String[] tls = {"--ssl-cert=" + base.resolve("cert.pem"),
            "--ssl-key=" + base.resolve("key.pem")};
        startProcess("mariadbd", socket, concat(concat(server, small), tls));
        awaitReady(log);
    }

    /**
     * Waits for the log's "ready for connections", written once the init file has run: the socket
     * file exists before that.
     */
    private static void awaitReady(Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (Files.exists(log) && new String(Files.readAllBytes(log), StandardCharsets.UTF_8)
                    .contains("ready for connections")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("MariaDB was not ready for connections within 60 s"
                        + tail(log));
            }
            Thread.sleep(20);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
