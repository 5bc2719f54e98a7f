package io.github.uds4j.cli;

import io.github.uds4j.BindOptions;
import io.github.uds4j.UnixDatagramSocket;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketBackend;
import io.github.uds4j.UnixSocketType;
import java.io.IOException;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code uds listen ADDRESS}: accepts one connection and relays it, like {@code nc -lU}. */
final class Listen implements Command {
    /** How long a shutdown hook, where signals cannot be trapped, waits for the end. */
    private static final long STOP_WAIT_MILLIS = 5000;
    /** The largest {@code --count}. */
    private static final long MAX_COUNT = 1_000_000_000_000L;

    @Override
    public String name() {
        return "listen";
    }

    @Override
    public String synopsis() {
        return "listen ADDRESS [--type stream|dgram|seqpacket] [--count N] [--mode MODE]"
                + " [--allow-uid UIDS]";
    }

    @Override
    public String summary() {
        return "accept one connection at ADDRESS and relay it, like nc -lU ADDRESS";
    }

    @Override
    public String description() {
        return Args.ADDRESS_PARAGRAPH
                + "stream (the default): binds, accepts one connection, and removes the socket\n"
                + "file. Then copies standard input to the connection and what arrives to\n"
                + "standard output, byte for byte, as 'uds connect' does: at the end of standard\n"
                + "input the writing side is shut down, and what arrives is printed until the\n"
                + "peer closes; then listen exits, whether or not standard input has ended.\n\n"
                + "seqpacket: the same, in messages: each line of standard input, without its\n"
                + "newline, is sent as one message, and each message that arrives is printed\n"
                + "followed by a newline.\n\n"
                + "dgram: binds, and prints each datagram that any sender sends to ADDRESS,\n"
                + "followed by a newline, until stopped. Standard input is not read (nothing says\n"
                + "where to send it). The socket file is removed at the end.\n\n"
                + "--count N ends after N messages (dgram, seqpacket). Descriptors that arrive\n"
                + "are closed and reported on standard error (\"received 1 file descriptor\"), as\n"
                + "for 'uds connect'; so are messages cut because longer than " + MessageRelay.BUFFER
                + "\nbytes. Standard error says when it listens, which stale socket file it\n"
                + "replaced, and who connected. Ctrl-C or SIGTERM while waiting removes the\n"
                + "socket file and exits with status 0.";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Args.typeOption());
        o.addOption(Option.builder().longOpt("count").hasArg().argName("N")
                .desc("exit after N messages (--type dgram or seqpacket)").build());
        o.addOption(Args.modeOption());
        o.addOption(Args.allowUidOption());
        return o;
    }

    @Override
    public int run(CommandLine line, Io io) throws Exception {
        UnixSocketAddress address = Args.address(Args.one(line,
                "ADDRESS (the socket to create)"));
        UnixSocketType type = Args.type(line);
        long count = count(line, type);
        BindOptions options = Args.bindOptions(line, address);
        if (type == UnixSocketType.DATAGRAM && options.allowedUids() != null) {
            throw new UsageException("--allow-uid checks who connects, and a datagram socket"
                    + " has no connections");
        }
        UnixSocketBackend backend = Sockets.backendFor(address, type);
        if (type == UnixSocketType.DATAGRAM) {
            return datagrams(backend, address, options, count, io);
        }
        UnixSocket socket;
        try (Stopper stopper = Stopper.onSignals(STOP_WAIT_MILLIS)) {
            UnixServerSocket server = backend.bind(address, type, options);
            try {
                stopper.add(Stopper.closing(server));
                announce(address, server.replacedStaleFile(), io);
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
        if (type == UnixSocketType.SEQPACKET) {
            return MessageRelay.run(socket, address.toString(), io,
                    Sockets.seesDescriptors(backend), count);
        }
        return Relay.run(socket, address.toString(), io, Sockets.seesDescriptors(backend));
    }

    private static int datagrams(UnixSocketBackend backend, UnixSocketAddress address,
            BindOptions options, long count, Io io) throws IOException {
        try (Stopper stopper = Stopper.onSignals(STOP_WAIT_MILLIS)) {
            UnixDatagramSocket socket = backend.bindDatagram(address, options);
            try {
                stopper.add(Stopper.closing(socket));
                // Whether a stale file was replaced is not told for datagram sockets.
                announce(address, false, io);
                return MessageRelay.receive(socket, io, count);
            } catch (IOException e) {
                if (stopper.stopped()) {
                    return Main.OK;
                }
                throw Errors.naming(address.toString(), e);
            } finally {
                socket.close();
            }
        }
    }

    private static void announce(UnixSocketAddress address, boolean replaced, Io io) {
        if (replaced) {
            io.notice("replaced a stale socket file at " + address
                    + " (no server answered on it)");
        }
        io.notice("listening on " + address);
    }

    /** Returns the {@code --count}, 0 without one. */
    private static long count(CommandLine line, UnixSocketType type) throws UsageException {
        String text = line.getOptionValue("count");
        if (text == null) {
            return 0;
        }
        if (type == UnixSocketType.STREAM) {
            throw new UsageException("--count counts messages: it needs --type dgram or"
                    + " seqpacket (a stream has none)");
        }
        String s = text.trim();
        if (s.matches("[0-9]{1,13}")) {
            long n = Long.parseLong(s);
            if (n >= 1 && n <= MAX_COUNT) {
                return n;
            }
        }
        throw new UsageException("invalid --count '" + text + "': use a whole number from 1 to "
                + MAX_COUNT);
    }

    private static String describe(UnixSocket socket) {
        String peer = Peers.describe(socket);
        return peer.isEmpty() ? "an unnamed client" : peer;
    }
}
