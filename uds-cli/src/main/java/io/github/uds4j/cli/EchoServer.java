package io.github.uds4j.cli;

import io.github.uds4j.BindOptions;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code uds echo-server}: the tutorial's server, which sends back what each client sends, to many
 * clients at once ({@link EchoService}), stopped gracefully by Ctrl-C or SIGTERM ({@link
 * StopRequest}).
 */
final class EchoServer implements Command {
    /** The most bytes read at a time: the tutorial's {@code connection.recv(16)}. */
    static final int CHUNK = 16;
    /** How many clients are served at once unless {@code --max-clients} says otherwise. */
    static final int DEFAULT_MAX_CLIENTS = 1024;
    private static final int MAX_MAX_CLIENTS = 1_000_000;
    /** How long a stop lets connections finish unless {@code --grace} says otherwise. */
    static final long DEFAULT_GRACE_SECONDS = 5;
    private static final long MAX_GRACE_SECONDS = 86_400;

    @Override
    public String name() {
        return "echo-server";
    }

    @Override
    public String synopsis() {
        return "echo-server [--path P] [--quiet] [--max-clients N] [--grace SECONDS] [...]";
    }

    @Override
    public String summary() {
        return "listen at a socket file and send back what each client sends";
    }

    @Override
    public String description() {
        return "Binds a Unix domain socket at P and sends back what each client sends, like the\n"
                + "tutorial's socket_echo_server_uds.py: it reads at most 16 bytes at a time,\n"
                + "prints them, and writes them back, until the client closes its end.\n"
                + "\"connection from\" shows the client's process id and user and group ids\n"
                + "where the provider can tell them.\n\n"
                + "Clients are served at the same time, each by a thread of its own, at most\n"
                + "--max-clients at once (default " + DEFAULT_MAX_CLIENTS + "); more clients wait in the kernel's\n"
                + "listen queue until a connection ends. With one client at a time the output is\n"
                + "the tutorial's; with several their lines interleave. \"waiting for a\n"
                + "connection\" is printed whenever no client is connected. --quiet prints no line\n"
                + "per connection or chunk, and moves up to 64 KiB at a time. A connection that\n"
                + "fails is reported on standard error and the others carry on.\n\n"
                + "A socket file that no server answers on (left by a killed server) is replaced;\n"
                + "a running server's file, or a file that is not a socket, is left alone and the\n"
                + "command fails. Ctrl-C or SIGTERM stops the server: it stops accepting, removes\n"
                + "its socket file, lets open connections finish for --grace seconds (default\n"
                + DEFAULT_GRACE_SECONDS + "), closes those still open, and exits with status 0. A second signal\n"
                + "closes them at once.";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Args.pathOption());
        o.addOption(Args.modeOption());
        o.addOption(Args.allowUidOption());
        o.addOption(Option.builder().longOpt("once")
                .desc("serve the first client only, then exit").build());
        o.addOption(Option.builder().longOpt("quiet")
                .desc("print no line per connection or chunk (only the start and failures)")
                .build());
        o.addOption(Option.builder().longOpt("stats")
                .desc("on exit, print how many connections were served, the most at once, and"
                        + " how many failed (on standard error)")
                .build());
        o.addOption(Option.builder().longOpt("max-clients").hasArg().argName("N")
                .desc("serve at most N clients at once (default " + DEFAULT_MAX_CLIENTS + ")")
                .build());
        o.addOption(Option.builder().longOpt("grace").hasArg().argName("SECONDS")
                .desc("on Ctrl-C or SIGTERM, let open connections finish for this long"
                        + " (default " + DEFAULT_GRACE_SECONDS + ")")
                .build());
        return o;
    }

    @Override
    public int run(CommandLine line, Io io) throws Exception {
        Args.none(line);
        UnixSocketAddress address = Args.pathOrDefault(line);
        BindOptions options = Args.bindOptions(line);
        boolean once = line.hasOption("once");
        boolean quiet = line.hasOption("quiet");
        int maxClients = (int) number(line, "max-clients", DEFAULT_MAX_CLIENTS, 1,
                MAX_MAX_CLIENTS);
        long graceMillis = TimeUnit.SECONDS.toMillis(
                number(line, "grace", DEFAULT_GRACE_SECONDS, 0, MAX_GRACE_SECONDS));
        Transcript t = new Transcript(io.out);
        StopRequest stop = new StopRequest();
        try (Closeable trap = stop.onSignal(graceMillis)) {
            UnixServerSocket server = start(address, options, t);
            try {
                EchoService service =
                        new EchoService(server, maxClients, graceMillis, quiet, once, t, io);
                if (line.hasOption("stats")) {
                    service.withStats();
                }
                stop.attach(service);
                return service.run();
            } finally {
                server.close();
            }
        }
    }

    /** Returns the whole number given with {@code --name}, or {@code otherwise}. */
    private static long number(CommandLine line, String name, long otherwise, long min, long max)
            throws UsageException {
        String text = line.getOptionValue(name);
        if (text == null) {
            return otherwise;
        }
        String s = text.trim();
        if (s.matches("[0-9]{1,10}")) {
            long n = Long.parseLong(s);
            if (n >= min && n <= max) {
                return n;
            }
        }
        throw new UsageException("invalid --" + name + " '" + text + "': use a whole number from "
                + min + " to " + max);
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
     * Serves clients until {@code stopper} stops, or only the first one if {@code once}, with
     * the tutorial's lines. With {@code once} a failure is thrown; otherwise it is printed as a
     * notice and the other clients are served. The stop closes open connections at once.
     */
    static int serve(UnixServerSocket server, boolean once, Lines t, Io io, Stopper stopper)
            throws IOException {
        final EchoService service =
                new EchoService(server, DEFAULT_MAX_CLIENTS, 0, false, once, t, io);
        Closeable stop = new Closeable() {
            @Override
            public void close() {
                service.stop();
            }
        };
        stopper.add(stop);
        try {
            return service.run();
        } finally {
            stopper.remove(stop);
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
