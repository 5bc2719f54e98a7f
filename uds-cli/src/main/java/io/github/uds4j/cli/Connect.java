package io.github.uds4j.cli;

import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code uds connect PATH}: standard input to a server and its answer to standard output. */
final class Connect implements Command {

    @Override
    public String name() {
        return "connect";
    }

    @Override
    public String synopsis() {
        return "connect PATH";
    }

    @Override
    public String summary() {
        return "connect to PATH and relay standard input and output, like nc -U PATH";
    }

    @Override
    public String description() {
        return "Connects to the server at PATH, then copies standard input to the socket and\n"
                + "what arrives to standard output, byte for byte. At the end of standard input\n"
                + "the socket's writing side is shut down (half-close), and what arrives is still\n"
                + "printed until the server closes its end. Nothing else is printed on standard\n"
                + "output; errors are one line on standard error.";
    }

    @Override
    public Options options() {
        return new Options();
    }

    @Override
    public int run(CommandLine line, Io io) throws Exception {
        UnixSocketAddress address = Args.address(Args.one(line, "PATH (the socket to connect to)"));
        UnixSocket socket = UnixSockets.connect(address);
        return Relay.run(socket, address.toString(), io);
    }
}
