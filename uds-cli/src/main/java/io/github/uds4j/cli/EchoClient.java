package io.github.uds4j.cli;

import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code uds echo-client}: the tutorial's client, which sends a message and reads it back. */
final class EchoClient implements Command {
    /** The tutorial's message. */
    static final String MESSAGE = "This is the message.  It will be repeated.";
    /** The most bytes read at a time: the tutorial's client reads with {@code recv(16)} too. */
    static final int CHUNK = 16;

    @Override
    public String name() {
        return "echo-client";
    }

    @Override
    public String synopsis() {
        return "echo-client [--path P] [--message M]";
    }

    @Override
    public String summary() {
        return "send a message to an echo server and print what comes back";
    }

    @Override
    public String description() {
        return "Connects to the server at P, like the tutorial's socket_echo_client_uds.py,\n"
                + "sends M, and reads at most 16 bytes at a time until as many bytes came back\n"
                + "as were sent. If the server cannot be reached it prints one line with the path\n"
                + "and the reason (No such file or directory, Connection refused, Permission\n"
                + "denied, ...) on standard error and exits with status 1.";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Args.pathOption());
        o.addOption(Option.builder().longOpt("message").hasArg().argName("M")
                .desc("what to send (default \"" + MESSAGE + "\")").build());
        return o;
    }

    @Override
    public int run(CommandLine line, Io io) throws Exception {
        Args.none(line);
        UnixSocketAddress address = Args.pathOrDefault(line);
        byte[] message = line.getOptionValue("message", MESSAGE).getBytes(argumentCharset());
        return talk(address, message, new Transcript(io.out));
    }

    /** Connects, sends {@code message}, and reads it back, printing the tutorial's lines. */
    static int talk(UnixSocketAddress address, byte[] message, Lines t) throws IOException {
        t.line("connecting to " + address);
        UnixSocket socket = UnixSockets.connect(address);
        try {
            t.quoted("sending \"", message, 0, message.length, "\"");
            OutputStream out = socket.getOutputStream();
            out.write(message);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[CHUNK];
            int received = 0;
            while (received < message.length) {
                int n = in.read(buf);
                if (n < 0) {
                    throw new EOFException(address + ": the server closed the connection after"
                            + " sending back " + received + " of " + message.length + " bytes");
                }
                received += n;
                t.quoted("received \"", buf, 0, n, "\"");
            }
        } catch (IOException e) {
            throw Errors.naming(address.toString(), e);
        } finally {
            t.line("closing socket");
            socket.close();
        }
        return Main.OK;
    }

    /** The charset the JVM decoded the command line with, to get the bytes typed back. */
    static Charset argumentCharset() {
        String name = System.getProperty("sun.jnu.encoding");
        try {
            if (name != null) {
                return Charset.forName(name);
            }
        } catch (RuntimeException e) {
            // unknown to this JVM: use the default below
        }
        return Charset.defaultCharset();
    }
}
