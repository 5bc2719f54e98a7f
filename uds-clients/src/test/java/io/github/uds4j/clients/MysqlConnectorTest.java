package io.github.uds4j.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uds4j.clients.mysql.MysqlUnixSocketFactory;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
// readme:start
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
// readme:end
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MySQL Connector/J through {@link MysqlUnixSocketFactory}, against MariaDB. Connector/J has no
 * pool of its own, so the pool test's connections come from {@link DriverManager}, one per thread.
 */
class MysqlConnectorTest extends SqlClientContract {

    // readme:start
    /** Connects to the server at socketFile, such as /run/mysqld/mysqld.sock. */
    static Connection connect(String socketFile, String user, String password)
            throws SQLException {
        String url = "jdbc:mysql://localhost/uds4j"
                + "?socketFactory=io.github.uds4j.clients.mysql.MysqlUnixSocketFactory"
                + "&uds4j.socket=" + socketFile // the server's socket file
                + "&connectTimeout=5000"        // ms, also while the server's backlog is full
                + "&socketTimeout=30000";       // ms, for each read
        return DriverManager.getConnection(url, user, password);
    }
    // readme:end

    @Test
    void loginTimeoutEndsAHandshakeTheServerNeverStartsWithinTwiceTheTimeout() throws Exception {
        int before = DriverManager.getLoginTimeout();
        DriverManager.setLoginTimeout(1);
        Timed failure;
        try {
            // No socketTimeout: only the login timeout can end the wait for the greeting.
            failure = againstAMuteServer(socket -> connect(socket, plainParams()).close());
        } finally {
            DriverManager.setLoginTimeout(before);
        }
        assertThat(failure.thrown).as("the connect fails").isInstanceOf(SQLException.class);
        assertThat(causes(failure.thrown)).as("cause chain of " + failure.thrown)
                .hasAtLeastOneElementOfType(SocketTimeoutException.class);
        assertThat(failure.millis).as("ms until the 1 s login timeout fired")
                .isBetween(900L, 2000L);
    }

    @Override
    protected Connection readmeConnect(Path socketFile) throws SQLException {
        return connect(socketFile.toString(), MariaDbServer.USER, MariaDbServer.PASSWORD);
    }

    @Override
    protected String url(Path socketFile, String params) {
        return "jdbc:mysql://localhost/" + MariaDbServer.DATABASE
                + "?socketFactory=" + MysqlUnixSocketFactory.class.getName()
                + (socketFile == null ? ""
                        : "&" + MysqlUnixSocketFactory.SOCKET_PROPERTY + "=" + socketFile)
                + "&" + params;
    }

    @Override
    protected ConnectionPool pool(Path socketFile, int size) {
        List<Connection> opened = new ArrayList<Connection>();
        return new ConnectionPool() {
            @Override
            public Connection get() throws SQLException {
                Connection c = readmeConnect(socketFile);
                synchronized (opened) {
                    if (opened.size() >= size) {
                        c.close();
                        throw new SQLException("more than " + size + " connections");
                    }
                    opened.add(c);
                }
                return c;
            }

            @Override
            public void close() throws SQLException {
                synchronized (opened) {
                    for (Connection c : opened) {
                        c.close();
                    }
                }
            }
        };
    }

    @Override
    protected String tlsParams() {
        return "sslMode=REQUIRED";
    }

    @Override
    protected String plainParams() {
        return "sslMode=DISABLED";
    }

    /** Connector/J reads the greeting with socketTimeout as the read timeout. */
    @Override
    protected String handshakeTimeoutParams() {
        return "connectTimeout=5000&socketTimeout=1000";
    }
}
