package io.github.uds4j.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.uds4j.UnixSocketFactory;
import java.net.SocketTimeoutException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL's JDBC driver reaches a real server through {@link UnixSocketFactory}, named in the
 * URL as {@code socketFactory} with the socket file as {@code socketFactoryArg}. The server
 * listens on its Unix socket only ({@link PostgresServer}), so every query proves the path works.
 * The connections set {@code socketTimeout}, which the driver applies with {@code setSoTimeout}.
 */
public abstract class JdbcContract extends ContractTestBase {

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    /** Returns the JDBC URL for the test server's socket file, followed by {@code extra}. */
    protected static String url(Path socketFile, String extra) {
        return "jdbc:postgresql://localhost:" + POSTGRES.port() + "/postgres?user=postgres"
                + "&socketFactory=" + UnixSocketFactory.class.getName()
                + "&socketFactoryArg=" + socketFile + extra;
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(url(POSTGRES.socketPath(), "&socketTimeout=10"));
    }

    @Test
    void createsATableInsertsAndSelectsRows() throws Exception {
        String[] words = {"hello", "gr\u00fc\u00df dich", "\u3053\u3093\u306b\u3061\u306f"};
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE greeting (id integer PRIMARY KEY, word text NOT NULL)");
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO greeting (id, word) VALUES (?, ?)")) {
                for (int i = 0; i < words.length; i++) {
                    insert.setInt(1, i + 1);
                    insert.setString(2, words[i]);
                    assertThat(insert.executeUpdate()).isEqualTo(1);
                }
            }
        }
        // A second connection sees the committed rows.
        List<String> rows = new ArrayList<String>();
        try (Connection c = connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id, word FROM greeting ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + "=" + rs.getString(2));
            }
        }
        assertThat(rows).containsExactly("1=" + words[0], "2=" + words[1], "3=" + words[2]);
    }

    @Test
    void connectionRunsOverTheUnixSocket() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT inet_server_addr(), inet_client_addr(),"
                        + " current_setting('listen_addresses'),"
                        + " current_setting('unix_socket_directories')")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("server address, NULL over a Unix socket").isNull();
            assertThat(rs.getString(2)).as("client address, NULL over a Unix socket").isNull();
            assertThat(rs.getString(3)).as("listen_addresses: no TCP listener").isEmpty();
            assertThat(rs.getString(4)).isEqualTo(POSTGRES.socketDirectory().toString());
        }
    }

    @Test
    void carriesAMebibyteBothWays() throws Exception {
        byte[] data = Bytes.random(1 << 20, 51);
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(
                "SELECT encode(sha256(b), 'hex'), b FROM (SELECT ?::bytea AS b) AS t")) {
            st.setBytes(1, data);
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).as("digest of what the server received")
                        .isEqualTo(Bytes.sha256(data));
                assertThat(Bytes.sha256(rs.getBytes(2))).as("digest of what came back")
                        .isEqualTo(Bytes.sha256(data));
            }
        }
    }

    @Test
    void socketTimeoutEndsAQueryTheServerDoesNotAnswer() throws Exception {
        try (Connection c = DriverManager.getConnection(
                        url(POSTGRES.socketPath(), "&socketTimeout=1"));
                Statement st = c.createStatement()) {
            Throwable t = catchThrowable(() -> st.executeQuery("SELECT pg_sleep(600)"));
            assertThat(t).isInstanceOf(SQLException.class);
            assertThat(causes(t)).as("cause chain of " + t)
                    .hasAtLeastOneElementOfType(SocketTimeoutException.class);
        }
    }

    @Test
    void queryTimeoutCancelsThroughAnotherSocketAndTheConnectionStaysUsable()
            throws Exception {
        // The driver sends the cancel request on a new connection from the same factory.
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.setQueryTimeout(1);
            Throwable t = catchThrowable(() -> st.executeQuery("SELECT pg_sleep(600)"));
            assertThat(t).isInstanceOf(SQLException.class);
            assertThat(((SQLException) t).getSQLState()).as("query_canceled: " + t)
                    .isEqualTo("57014");
            st.setQueryTimeout(0);
            try (ResultSet rs = st.executeQuery("SELECT 6 * 7")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void missingSocketFileFailsTheConnectNamingThePath() {
        Path missing = POSTGRES.socketDirectory().resolve("no-such.sock");
        Throwable t = catchThrowable(() -> DriverManager.getConnection(url(missing, "")).close());
        assertThat(t).isInstanceOf(SQLException.class);
        Throwable cause = null;
        for (Throwable c : causes(t)) {
            if (c instanceof NoSuchFileException) {
                cause = c;
            }
        }
        assertThat(cause).as("NoSuchFileException in the cause chain of " + t).isNotNull();
        assertThat(cause.getMessage()).contains(missing.toString());
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> chain = new ArrayList<Throwable>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }
}
