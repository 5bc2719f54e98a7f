package io.github.uds4j.cli;

import io.github.uds4j.BindOptions;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketCapability;
import io.github.uds4j.UnixSocketType;
import io.github.uds4j.UnixSockets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code uds demo}: the whole tutorial in one process. */
final class Demo implements Command {
    /** How long a shutdown hook, where signals cannot be trapped, waits for the end. */
    private static final long STOP_WAIT_MILLIS = 5000;

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String synopsis() {
        return "demo [--path P]";
    }

    @Override
    public String summary() {
        return "the whole tutorial in one process: echo server and client, then socketpair";
    }

    @Override
    public String description() {
        return "Runs the tutorial in one process. First the echo server and the echo client,\n"
                + "side by side in two threads, each line prefixed with its side; then the\n"
                + "socketpair demo (its child is a thread, see 'uds socketpair --help').\n\n"
                + "The socket file is made in a new temporary directory, unless --path is given,\n"
                + "and removed at the end.";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("path").hasArg().argName("P")
                .desc("the socket: " + Args.ADDRESS_HELP
                        + " (default: uds_socket in a new temporary directory)")
                .build());
        return o;
    }

    @Override
    public int run(CommandLine line, Io io) throws Exception {
        Args.none(line);
        UnixSocketAddress given = line.hasOption("path")
                ? Args.address(line.getOptionValue("path")) : null;
        // The provider that serves the echo: another one for an abstract name on jdk16.
        String provider = given == null ? UnixSockets.backend().name()
                : UnixSockets.backendWith(Args.needs(given, UnixSocketType.STREAM)
                        .toArray(new UnixSocketCapability[0])).name();
        Transcript t = new Transcript(io.out);
        try (Stopper stopper = Stopper.onSignals(STOP_WAIT_MILLIS)) {
            Path dir = null;
            try {
                UnixSocketAddress address = given;
                if (address == null) {
                    dir = Files.createTempDirectory("uds-demo-");
                    address = Args.address(dir.resolve("uds_socket").toString());
                }
                t.line("== echo server and client over " + address + " (provider " + provider
                        + ") ==");
                echo(address, t, io, stopper);
                if (stopper.stopped()) {
                    return Main.OK;
                }
                t.line("");
                t.line("== socketpair (the child is a thread) ==");
                return SocketPair.demo(t);
            } finally {
                if (dir != null) {
                    Files.deleteIfExists(dir.resolve("uds_socket"));
                    Files.deleteIfExists(dir);
                }
            }
        }
    }

    /**
     * Runs the echo server in a thread and the echo client in this one. A stop ends both, and
     * what fails because of it is not reported.
     */
    private static void echo(UnixSocketAddress address, Transcript t, Io io, Stopper stopper)
            throws IOException, InterruptedException {
        final Transcript server = t.withPrefix("server: ");
        Transcript client = t.withPrefix("client: ");
        UnixServerSocket listening = EchoService.bind(address, BindOptions.defaults(), server);
        final AtomicReference<IOException> failure = new AtomicReference<IOException>();
        final CountDownLatch waiting = new CountDownLatch(1);
        // Tells when the server waits for its client, so that the client starts after that
        // line, as in the tutorial, where the server was started first.
        final Lines serverLines = new Lines() {
            @Override
            public void line(String text) {
                server.line(text);
                if (text.equals("waiting for a connection")) {
                    waiting.countDown();
                }
            }

            @Override
            public void quoted(String before, byte[] data, int off, int len, String after) {
                server.quoted(before, data, off, len, after);
            }
        };
        final EchoService service = new EchoService(listening,
                new EchoService.Settings().once(true).graceMillis(0), serverLines, io);
        stopper.add(service);
        Thread serverThread = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    service.run();
                } catch (IOException e) {
                    failure.set(e);
                }
            }
        }, "demo-echo-server");
        boolean talked = false;
        try {
            serverThread.start();
            while (!waiting.await(100, TimeUnit.MILLISECONDS) && serverThread.isAlive()) {
                // the server thread prints that line first thing, or has failed
            }
            EchoClient.talk(address,
                    EchoClient.MESSAGE.getBytes(StandardCharsets.US_ASCII), client);
            talked = true;
        } catch (IOException e) {
            if (!stopper.stopped()) {
                throw e;
            }
        } finally {
            if (!talked) {
                // The server may still wait for a connection that will not come.
                service.stop(true);
            }
            try {
                serverThread.join();
            } finally {
                listening.close();
            }
        }
        if (failure.get() != null && !stopper.stopped()) {
            throw failure.get();
        }
    }
}
