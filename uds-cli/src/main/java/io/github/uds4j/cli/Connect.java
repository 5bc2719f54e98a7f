package io.github.uds4j.cli;

import io.github.uds4j.UnixDatagramSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketBackend;
import io.github.uds4j.UnixSocketType;
import java.io.IOException;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code uds connect ADDRESS}: standard input to a server and its answer to standard output. */
final class Connect implements Command {

    @Override
    public String name() {
        return "connect";
    }

    @Override
    public String synopsis() {
        return "connect ADDRESS [--type stream|dgram|seqpacket]";
    }

    @Override
    public String summary() {
        return "connect to ADDRESS and relay standard input and output, like nc -U ADDRESS";
    }

    @Override
    public String description() {
        return Args.ADDRESS_PARAGRAPH
                + "stream (the default): connects, and copies standard input to the socket and\n"
                + "what arrives to standard output, byte for byte. At the end of standard input\n"
                + "the socket's writing side is shut down (half-close), and what arrives is still\n"
                + "printed until the server closes its end. Once the server has closed its end\n"
                + "and all it sent is printed, connect exits, like nc -N and socat, with status 0\n"
                + "if the server closed cleanly. It does not wait for standard input then: what\n"
                + "is ready (the rest of a file, what a pipe holds) is still sent while the\n"
                + "server reads, and the rest is not read.\n\n"
                + "seqpacket: the same, in messages: each line of standard input, without its\n"
                + "newline, is sent as one message, and each message that arrives is printed\n"
                + "followed by a newline; connect ends as it does for stream. An empty line is\n"
                + "an empty message, which the kernel cannot tell from the end of the connection\n"
                + "when only the end (or, on junixsocket, another empty message) follows it.\n\n"
                + "dgram: sends each line of standard input, without its newline, as one\n"
                + "datagram to ADDRESS, and exits at the end of standard input. The socket is\n"
                + "unbound, so nothing can answer it: use 'uds listen --type dgram' to receive.\n\n"
                + "Sockets come from a provider that can receive file descriptors (FD_PASSING)\n"
                + "where one may be used: descriptors that arrive are closed at once and reported\n"
                + "on standard error (\"received 1 file descriptor\"). On a stream of a provider\n"
                + "without it (--provider jdk16) the kernel discards them unseen. Messages longer\n"
                + "than " + MessageRelay.BUFFER + " bytes are cut, and that is reported too.\n"
                + "Nothing else is printed on standard output; errors are one line on standard\n"
                + "error.";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Args.typeOption());
        return o;
    }

    @Override
    public int run(CommandLine line, Io io) throws Exception {
        UnixSocketAddress address = Args.address(Args.one(line,
                "ADDRESS (the socket to connect to)"));
        UnixSocketType type = Args.type(line);
        UnixSocketBackend backend = Sockets.backendFor(address, type);
        if (type == UnixSocketType.DATAGRAM) {
            UnixDatagramSocket socket = backend.openDatagram();
            try {
                socket.connect(address);
                return MessageRelay.send(socket, io);
            } catch (IOException e) {
                throw Errors.naming(address.toString(), e);
            } finally {
                socket.close();
            }
        }
        UnixSocket socket = backend.connect(address, type, java.time.Duration.ZERO);
        if (type == UnixSocketType.SEQPACKET) {
            return MessageRelay.run(socket, address.toString(), io,
                    Sockets.seesDescriptors(backend), 0);
        }
        return Relay.run(socket, address.toString(), io, Sockets.seesDescriptors(backend));
    }
}
