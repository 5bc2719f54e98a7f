package io.github.uds4j.clients;

import io.github.uds4j.clients.mysql.MysqlUnixSocketFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * MySQL Connector/J through {@link MysqlUnixSocketFactory}, against MariaDB. Connector/J has no
 * pool of its own, so the pool test's connections come from {@link DriverManager}, one per thread.
 */
class MysqlConnectorTest extends SqlClientContract {

    // readme:start
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
}
