package io.github.uds4j.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import io.github.uds4j.contract.Bytes;
import io.github.uds4j.contract.FullBacklogServer;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a JDBC driver must do against a real MariaDB server ({@link MariaDbServer}, reachable over
 * its Unix socket only) through a uds4j adapter: CRUD, TLS, a mebibyte in one value, a read timeout
 * and a connect timeout that fire within twice their time, a clear error for a missing socket
 * file or a missing parameter, and 50 connections open at once. A subclass per driver says how it
 * connects.
 */
@ExtendWith(ForcedProvider.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class SqlClientContract {
    @RegisterExtension
    static final MariaDbServer MARIADB = new MariaDbServer();

    /** A pool (or a stand-in for one) that hands out connections to the test server. */
    interface ConnectionPool extends AutoCloseable {
        Connection get() throws SQLException;
    }

    /** Connects the way the README shows, with the test server's user. */
    protected abstract Connection readmeConnect(Path socketFile) throws SQLException;

    /**
     * Returns the driver's URL for the test database through the adapter, with {@code socketFile}
     * as the socket parameter (none if null) and {@code params} ("a=1&amp;b=2") appended.
     */
    protected abstract String url(Path socketFile, String params);

    /** Opens a pool of up to {@code size} connections to the socket file. */
    protected abstract ConnectionPool pool(Path socketFile, int size) throws SQLException;

    /** Returns the URL parameters that make the driver use TLS (without verifying the server). */
    protected abstract String tlsParams();

    /** Returns the URL parameters that make the driver not use TLS. */
    protected abstract String plainParams();

    Connection connect(Path socketFile, String params) throws SQLException {
        return DriverManager.getConnection(url(socketFile, params), MariaDbServer.USER,
                MariaDbServer.PASSWORD);
    }

    @Test
    void createsReadsUpdatesAndDeletesRowsOverTheUnixSocket() throws Exception {
        String table = "crud_" + getClass().getSimpleName() + "_" + ForcedProvider.name();
        try (Connection c = readmeConnect(MARIADB.socketPath());
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT @@skip_networking, USER()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("the server has no TCP listener").isEqualTo(1);
                assertThat(rs.getString(2)).isEqualTo(MariaDbServer.USER + "@localhost");
            }
            st.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, word VARCHAR(100))"
                    + " CHARACTER SET utf8mb4");
            String[] words = {"hello", "gr\u00fc\u00df dich", "\u3053\u3093\u306b\u3061\u306f"};
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO " + table + " (id, word) VALUES (?, ?)")) {
                for (int i = 0; i < words.length; i++) {
                    insert.setInt(1, i + 1);
                    insert.setString(2, words[i]);
                    assertThat(insert.executeUpdate()).isEqualTo(1);
                }
            }
            assertThat(st.executeUpdate("UPDATE " + table + " SET word = 'bye' WHERE id = 1"))
                    .isEqualTo(1);
            assertThat(st.executeUpdate("DELETE FROM " + table + " WHERE id = 2")).isEqualTo(1);
        }
        // A second connection sees the committed changes.
        List<String> rows = new ArrayList<String>();
        try (Connection c = readmeConnect(MARIADB.socketPath());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id, word FROM " + table + " ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + "=" + rs.getString(2));
            }
        }
        assertThat(rows).containsExactly("1=bye", "3=\u3053\u3093\u306b\u3061\u306f");
    }

    @Test
    void tlsRunsOverTheUnixSocketWhenAskedFor() throws Exception {
        assertThat(sslCipher(tlsParams())).as("the session's cipher with " + tlsParams())
                .isNotEmpty();
        assertThat(sslCipher(plainParams())).as("the session's cipher with " + plainParams())
                .isEmpty();
    }

    private String sslCipher(String params) throws SQLException {
        try (Connection c = connect(MARIADB.socketPath(), params);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(2);
        }
    }

    @Test
    void carriesAMebibyteInOneValueBothWays() throws Exception {
        String table = "big_" + getClass().getSimpleName() + "_" + ForcedProvider.name();
        byte[] data = Bytes.random(1 << 20, 16);
        StringBuilder sb = new StringBuilder(1 << 20);
        for (int i = 0; sb.length() < 1 << 20; i++) {
            sb.append((char) ('a' + i % 26));
        }
        String text = sb.toString();
        try (Connection c = readmeConnect(MARIADB.socketPath());
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, b LONGBLOB, t LONGTEXT)");
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO " + table + " (id, b, t) VALUES (1, ?, ?)")) {
                insert.setBytes(1, data);
                insert.setString(2, text);
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            try (ResultSet rs = st.executeQuery("SELECT SHA2(b, 256), LENGTH(b), SHA2(t, 256),"
                    + " b, t FROM " + table + " WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).as("digest of what the server stored")
                        .isEqualTo(Bytes.sha256(data));
                assertThat(rs.getLong(2)).isEqualTo(1 << 20);
                assertThat(rs.getString(3))
                        .isEqualTo(Bytes.sha256(text.getBytes(StandardCharsets.UTF_8)));
                assertThat(Bytes.sha256(rs.getBytes(4))).as("digest of what came back")
                        .isEqualTo(Bytes.sha256(data));
                assertThat(rs.getString(5)).isEqualTo(text);
            }
        }
    }

    @Test
    void socketTimeoutEndsAQueryTheServerDoesNotAnswerWithinTwiceTheTimeout() throws Exception {
        // Without TLS: after a timeout the driver closes the connection, and closing a TLS
        // socket may wait for the server's close_notify (seen: 2009 ms for MySQL Connector/J).
        String params = plainParams() + "&socketTimeout=1000";
        try (Connection c = connect(MARIADB.socketPath(), params);
                Statement st = c.createStatement()) {
            long start = System.nanoTime();
            Throwable t = catchThrowable(() -> st.executeQuery("SELECT SLEEP(5)"));
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(t).as("the query, which takes 5 s, fails").isInstanceOf(SQLException.class);
            assertThat(causes(t)).as("cause chain of " + t)
                    .hasAtLeastOneElementOfType(SocketTimeoutException.class);
            assertThat(elapsed).as("ms until the 1000 ms read timeout fired")
                    .isBetween(900L, 2000L);
        }
    }

    /**
     * Returns the URL parameters that end, after 1000 ms, a handshake the server never starts:
     * the timeout the driver applies to the reads of its login.
     */
    protected abstract String handshakeTimeoutParams();

    @Test
    void aHandshakeTheServerNeverStartsEndsWithinTwiceTheTimeout() throws Exception {
        Timed failure = againstAMuteServer(socket -> connect(socket,
                plainParams() + "&" + handshakeTimeoutParams()).close());
        assertThat(failure.thrown).as("the connect fails").isInstanceOf(SQLException.class);
        assertThat(causes(failure.thrown)).as("cause chain of " + failure.thrown)
                .hasAtLeastOneElementOfType(SocketTimeoutException.class);
        assertThat(failure.millis).as("ms until the 1000 ms timeout of "
                + handshakeTimeoutParams() + " fired").isBetween(900L, 2000L);
    }

    /** What a call threw, and how long it took. */
    static final class Timed {
        final Throwable thrown;
        final long millis;

        Timed(Throwable thrown, long millis) {
            this.thrown = thrown;
            this.millis = millis;
        }
    }

    /** A call given the path of a socket file. */
    interface SocketCall {
        void call(Path socketFile) throws Exception;
    }

    /**
     * Runs {@code call} against a socket file whose server never accepts: the kernel completes
     * the connect into the backlog, and the client waits for a greeting that never comes.
     */
    static Timed againstAMuteServer(SocketCall call) throws Exception {
        Path dir = Files.createTempDirectory(Paths.get("/tmp"), "uds4j-mute");
        Path socket = dir.resolve("mute.sock");
        try (UnixServerSocket server = UnixSockets.bind(UnixSocketAddress.of(socket))) {
            long start = System.nanoTime();
            Throwable t = catchThrowable(() -> call.call(socket));
            return new Timed(t, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } finally {
            Files.deleteIfExists(socket);
            Files.delete(dir);
        }
    }

    @Test
    void connectTimeoutEndsAConnectToAFullBacklogWithinTwiceTheTimeout() throws Exception {
        Path dir = Files.createTempDirectory(Paths.get("/tmp"), "uds4j-full");
        Path socket = dir.resolve("full.sock");
        try (FullBacklogServer full = new FullBacklogServer(UnixSocketAddress.of(socket))) {
            long start = System.nanoTime();
            Throwable t = catchThrowable(() -> connect(socket, "connectTimeout=1000").close());
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(t).as("the connect fails").isInstanceOf(SQLException.class);
            assertThat(causes(t)).as("cause chain of " + t)
                    .hasAtLeastOneElementOfType(SocketTimeoutException.class);
            assertThat(elapsed).as("ms until the 1000 ms connect timeout fired")
                    .isBetween(900L, 2000L);
        } finally {
            Files.deleteIfExists(socket);
            Files.delete(dir);
        }
    }

    @Test
    void missingSocketFileFailsTheConnectNamingThePath() {
        Path missing = MARIADB.directory().resolve("no-such.sock");
        Throwable t = catchThrowable(() -> connect(missing, "connectTimeout=5000").close());
        assertThat(t).isInstanceOf(SQLException.class);
        assertThat(messages(t)).as("messages of the cause chain of " + t)
                .anyMatch(m -> m.contains(missing.toString()));
    }

    @Test
    void missingSocketParameterFailsTheConnectNamingTheParameter() {
        Throwable t = catchThrowable(() -> connect(null, "connectTimeout=5000").close());
        assertThat(t).isInstanceOf(SQLException.class);
        assertThat(messages(t)).as("messages of the cause chain of " + t)
                .anyMatch(m -> m.contains("uds4j.socket") && m.contains("not set"));
    }

    @Test
    void aSocketPathTooLongFailsTheConnectNamingTheParameter() {
        StringBuilder name = new StringBuilder("/tmp/");
        while (name.length() <= UnixSocketAddress.MAX_PATH_BYTES) {
            name.append("long-name-");
        }
        Path tooLong = Paths.get(name.toString());
        Throwable t = catchThrowable(() -> connect(tooLong, "connectTimeout=5000").close());
        assertThat(t).isInstanceOf(SQLException.class);
        assertThat(messages(t)).as("messages of the cause chain of " + t)
                .anyMatch(m -> m.contains("uds4j.socket=" + tooLong)
                        && m.contains("not a valid Unix socket path"));
    }

    @Test
    void fiftyPooledConnectionsAreOpenAtOnceAndEachDoesWork() throws Exception {
        int n = 50;
        String table = "pool_" + getClass().getSimpleName() + "_" + ForcedProvider.name();
        try (Connection c = readmeConnect(MARIADB.socketPath());
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + table + " (worker INT PRIMARY KEY, conn BIGINT)");
        }
        ExecutorService threads = Executors.newFixedThreadPool(n);
        CountDownLatch open = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        try (ConnectionPool pool = pool(MARIADB.socketPath(), n)) {
            List<Future<Long>> workers = new ArrayList<Future<Long>>();
            for (int i = 0; i < n; i++) {
                int worker = i;
                workers.add(threads.submit(() -> {
                    try (Connection c = pool.get(); Statement st = c.createStatement()) {
                        long id;
                        try (ResultSet rs = st.executeQuery("SELECT CONNECTION_ID()")) {
                            rs.next();
                            id = rs.getLong(1);
                        }
                        open.countDown();
                        assertThat(release.await(60, TimeUnit.SECONDS)).isTrue();
                        assertThat(st.executeUpdate("INSERT INTO " + table
                                + " VALUES (" + worker + ", " + id + ")")).isEqualTo(1);
                        return id;
                    }
                }));
            }
            Set<Long> live = new HashSet<Long>();
            try {
                assertThat(open.await(60, TimeUnit.SECONDS)).as(n + " connections opened")
                        .isTrue();
                try (Connection c = readmeConnect(MARIADB.socketPath());
                        Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT ID FROM"
                                + " information_schema.PROCESSLIST WHERE USER = '"
                                + MariaDbServer.USER + "'")) {
                    while (rs.next()) {
                        live.add(rs.getLong(1));
                    }
                }
            } finally {
                release.countDown();
            }
            Set<Long> ids = new HashSet<Long>();
            for (Future<Long> w : workers) {
                ids.add(w.get(60, TimeUnit.SECONDS));
            }
            assertThat(ids).as("distinct server connections").hasSize(n);
            assertThat(live).as("connections the server listed while all were held")
                    .containsAll(ids);
        } finally {
            threads.shutdownNow();
        }
        try (Connection c = readmeConnect(MARIADB.socketPath());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT conn) FROM "
                        + table)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("rows written, one per worker").isEqualTo(n);
            assertThat(rs.getInt(2)).as("by distinct connections").isEqualTo(n);
        }
    }

    static List<Throwable> causes(Throwable t) {
        List<Throwable> chain = new ArrayList<Throwable>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }

    private static List<String> messages(Throwable t) {
        List<String> all = new ArrayList<String>();
        for (Throwable c : causes(t)) {
            all.add(String.valueOf(c.getMessage()));
        }
        return all;
    }
}
