package io.github.uds4j.cli;

import io.github.uds4j.BindOptions;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code uds echo-server}: the tutorial's server, which sends back what each client sends. */
final class EchoServer implements Command {
    /** The most bytes read at a time: the tutorial's {@code connection.recv(16)}. */
    static final int CHUNK = 16;

    @Override
    public String name() {
        return "echo-server";
    }

    @Override
    public String synopsis() {
        return "echo-server [--path P] [--mode MODE] [--allow-uid UIDS] [--once]";
    }

    @Override
    public String summary() {
        return "listen at a socket file and send back what each client sends";
    }

    @Override
    public String description() {
        return "Binds a Unix domain socket at P and serves one client after another, like the\n"
                + "tutorial's socket_echo_server_uds.py: it reads at most 16 bytes at a time,\n"
                + "prints them, and writes them back, until the client closes its end.\n"
                + "\"connection from\" shows the client's process id and user and group ids\n"
                + "where the provider can tell them.\n\n"
                + "A socket file that no server answers on (left by a killed server) is replaced;\n"
                + "a running server's file, or a file that is not a socket, is left alone and the\n"
                + "command fails. Ctrl-C or SIGTERM stops the server and removes its socket file.";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Args.pathOption());
        o.addOption(Args.modeOption());
        o.addOption(Args.allowUidOption());
        o.addOption(Option.builder().longOpt("once")
                .desc("exit after the first client is done").build());
        return o;
    }

    @Override
    public int run(CommandLine line, Io io) throws Exception {
        Args.none(line);
        UnixSocketAddress address = Args.pathOrDefault(line);
        BindOptions options = Args.bindOptions(line);
        boolean once = line.hasOption("once");
        Transcript t = new Transcript(io.out);
        try (Stopper stopper = Stopper.onSignal()) {
            UnixServerSocket server = start(address, options, t);
            stopper.add(server);
            try {
                return serve(server, once, t, io, stopper);
            } finally {
                server.close();
            }
        }
    }

    /** Prints {@code starting up on P} and binds. */
    static UnixServerSocket start(UnixSocketAddress address, BindOptions options, Lines t)
            throws IOException {
        t.line("starting up on " + address);
        UnixServerSocket server = UnixSockets.bind(address, options);
        if (server.replacedStaleFile()) {
            t.line("replaced a stale socket file at " + address + " (no server answered on it)");
        }
        return server;
    }

    /**
     * Serves clients until stopped, or only the first one if {@code once}. With {@code once} a
     * failure is thrown; otherwise it is printed as a notice and the next client is served.
     */
    static int serve(UnixServerSocket server, boolean once, Lines t, Io io, Stopper stopper)
            throws IOException {
        String where = server.getLocalAddress().toString();
        while (true) {
            t.line("waiting for a connection");
            UnixSocket connection;
            try {
                connection = server.accept();
            } catch (IOException e) {
                if (stopper.stopped()) {
                    return Main.OK;
                }
                throw Errors.naming(where, e);
            }
            stopper.add(connection);
            String peer = Peers.describe(connection);
            try {
                echo(connection, peer, t);
            } catch (IOException e) {
                if (stopper.stopped()) {
                    return Main.OK;
                }
                IOException named = Errors.naming(where, e);
                if (once) {
                    throw named;
                }
                io.notice(where + ": connection from " + (peer.isEmpty() ? "a client" : peer)
                        + " failed: " + Errors.describe(e));
            } finally {
                stopper.remove(connection);
                try {
                    connection.close();
                } catch (IOException e) {
                    // the connection is done either way
                }
            }
            if (once) {
                return Main.OK;
            }
        }
    }

    /** Sends back what the client sends, 16 bytes at a time, printing the tutorial's lines. */
    static void echo(UnixSocket connection, String peer, Lines t) throws IOException {
        t.line("connection from " + peer);
        InputStream in = connection.getInputStream();
        OutputStream out = connection.getOutputStream();
        byte[] buf = new byte[CHUNK];
        while (true) {
            int n = in.read(buf);
            if (n <= 0) {
                t.line("received \"\"");
                t.line("no more data from " + peer);
                return;
            }
            t.quoted("received \"", buf, 0, n, "\"");
            t.line("sending data back to the client");
            out.write(buf, 0, n);
            out.flush();
        }
    }
}
