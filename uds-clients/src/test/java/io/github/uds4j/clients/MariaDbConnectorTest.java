package io.github.uds4j.clients;

import io.github.uds4j.clients.mariadb.MariaDbUnixSocketFactory;
import java.nio.file.Path;
// readme:start
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.mariadb.jdbc.MariaDbPoolDataSource;
// readme:end

/**
 * MariaDB Connector/J through {@link MariaDbUnixSocketFactory}, against MariaDB; the pool test
 * uses the driver's own {@link MariaDbPoolDataSource}.
 */
class MariaDbConnectorTest extends SqlClientContract {

    // readme:start
    /** Connects to the server at socketFile, such as /run/mysqld/mysqld.sock. */
    static Connection connect(String socketFile, String user, String password)
            throws SQLException {
        String url = "jdbc:mariadb://localhost/uds4j"
                + "?socketFactory=io.github.uds4j.clients.mariadb.MariaDbUnixSocketFactory"
                + "&uds4j.socket=" + socketFile // the server's socket file
                + "&connectTimeout=5000"        // ms, also while the server's backlog is full
                + "&socketTimeout=30000";       // ms, for each read
        return DriverManager.getConnection(url, user, password);
    }

    /** A pool of up to 50 connections to the same server. */
    static MariaDbPoolDataSource pool(String socketFile, String user, String password)
            throws SQLException {
        return new MariaDbPoolDataSource("jdbc:mariadb://localhost/uds4j"
                + "?socketFactory=io.github.uds4j.clients.mariadb.MariaDbUnixSocketFactory"
                + "&uds4j.socket=" + socketFile
                + "&connectTimeout=5000&socketTimeout=30000"
                + "&maxPoolSize=50&user=" + user + "&password=" + password);
    }
    // readme:end

    @Override
    protected Connection readmeConnect(Path socketFile) throws SQLException {
        return connect(socketFile.toString(), MariaDbServer.USER, MariaDbServer.PASSWORD);
    }

    @Override
    protected String url(Path socketFile, String params) {
        return "jdbc:mariadb://localhost/" + MariaDbServer.DATABASE
                + "?socketFactory=" + MariaDbUnixSocketFactory.class.getName()
                + (socketFile == null ? ""
                        : "&" + MariaDbUnixSocketFactory.SOCKET_PARAMETER + "=" + socketFile)
                + "&" + params;
    }

    @Override
    protected ConnectionPool pool(Path socketFile, int size) throws SQLException {
        if (size != 50) {
            throw new IllegalArgumentException("the README's pool has 50 connections");
        }
        MariaDbPoolDataSource pool = pool(socketFile.toString(), MariaDbServer.USER,
                MariaDbServer.PASSWORD);
        return new ConnectionPool() {
            @Override
            public Connection get() throws SQLException {
                return pool.getConnection();
            }

            @Override
            public void close() {
                pool.close();
            }
        };
    }

    @Override
    protected String tlsParams() {
        return "sslMode=trust";
    }

    @Override
    protected String plainParams() {
        return "sslMode=disable";
    }

    /**
     * MariaDB Connector/J bounds its whole login by {@code connectTimeout} (with {@code
     * socketTimeout=1000&connectTimeout=5000} the login failed after 5146 ms).
     */
    @Override
    protected String handshakeTimeoutParams() {
        return "connectTimeout=1000&socketTimeout=5000";
    }
}
