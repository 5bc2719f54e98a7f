package io.github.uds4j.clients;

import io.github.uds4j.contract.LocalServer;
import java.nio.file.Path;

/**
 * A private Redis server that listens on a Unix socket only (a {@link LocalServer}): {@code
 * redis-server} in the foreground with no TCP port ({@code --port 0}), no persistence, room for
 * 200 clients, its socket {@code redis.sock} (mode 700) in the server's directory. When the tests
 * run as root it runs as the user {@code redis}, which must then be the one connecting: root may.
 */
public final class RedisServer extends LocalServer {
    private static final String[] BINARIES = {"/usr/bin/redis-server", "/usr/local/bin/redis-server"};
    private Path socket;

    public RedisServer() {
        super("Redis", "redis");
    }

    /** Returns the path of the server's socket file. */
    public Path socketPath() {
        directory();
        return socket;
    }

    @Override
    protected String missingReason() {
        return firstExecutable(BINARIES) != null ? null
                : "Redis is not installed: no /usr/bin/redis-server (Debian: apt-get install"
                        + " redis-server)";
    }

    @Override
    protected void start(Path directory) throws Exception {
        socket = directory.resolve("redis.sock");
        startProcess("redis-server", socket, firstExecutable(BINARIES).toString(),
                "--port", "0",
                "--unixsocket", socket.toString(),
                "--unixsocketperm", "700",
                "--save", "",
                "--appendonly", "no",
                "--dir", directory.toString(),
                "--maxclients", "200",
                "--daemonize", "no");
    }
}
