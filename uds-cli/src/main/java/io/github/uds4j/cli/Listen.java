package io.github.uds4j.cli;

import io.github.uds4j.BindOptions;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import java.io.IOException;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code uds listen PATH}: accepts one connection and relays it, like {@code nc -lU PATH}. */
final class Listen implements Command {
    /** How long a shutdown hook, where signals cannot be trapped, waits for the end. */
    private static final long STOP_WAIT_MILLIS = 5000;

    @Override
    public String name() {
        return "listen";
    }

    @Override
    public String synopsis() {
        return "listen PATH [--mode MODE] [--allow-uid UIDS]";
    }

    @Override
    public String summary() {
        return "accept one connection at PATH and relay it, like nc -lU PATH";
    }

    @Override
    public String description() {
        return "Binds a socket at PATH, accepts one connection, and removes the socket file.\n"
                + "Then copies standard input to the connection and what arrives to standard\n"
                + "output, byte for byte, as 'uds connect' does: at the end of standard input the\n"
                + "writing side is shut down, and what arrives is printed until the peer closes.\n"
                + "Standard error says when it listens, which stale socket file it replaced, and\n"
                + "who connected. Ctrl-C or SIGTERM while waiting removes the socket file and\n"
                + "exits with status 0.";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Args.modeOption());
        o.addOption(Args.allowUidOption());
        return o;
    }

    @Override
    public int run(CommandLine line, Io io) throws Exception {
        UnixSocketAddress address = Args.address(Args.one(line, "PATH (the socket to create)"));
        BindOptions options = Args.bindOptions(line);
        UnixSocket socket;
        try (Stopper stopper = Stopper.onSignals(STOP_WAIT_MILLIS)) {
            UnixServerSocket server = UnixSockets.bind(address, options);
            try {
                stopper.add(Stopper.closing(server));
                if (server.replacedStaleFile()) {
                    io.notice("replaced a stale socket file at " + address
                            + " (no server answered on it)");
                }
                io.notice("listening on " + address);
                socket = server.accept();
            } catch (IOException e) {
                if (stopper.stopped()) {
                    return Main.OK;
                }
                throw Errors.naming(address.toString(), e);
            } finally {
                server.close();
            }
            if (stopper.stopped()) { // the signal came as a client connected
                socket.close();
                return Main.OK;
            }
        }
        io.notice("connection from " + describe(socket));
        return Relay.run(socket, address.toString(), io);
    }

    private static String describe(UnixSocket socket) {
        String peer = Peers.describe(socket);
        return peer.isEmpty() ? "an unnamed client" : peer;
    }
}
