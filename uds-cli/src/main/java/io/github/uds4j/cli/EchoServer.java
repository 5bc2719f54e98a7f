package io.github.uds4j.cli;

import io.github.uds4j.BindOptions;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketCapability;
import io.github.uds4j.UnixSockets;
import java.util.concurrent.TimeUnit;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code uds echo-server}: the tutorial's server, which sends back what each client sends, to many
 * clients at once. Reads its options and runs an {@link EchoService}, which Ctrl-C and SIGTERM
 * stop through a {@link Stopper}.
 */
final class EchoServer implements Command {
    private static final int MAX_MAX_CLIENTS = 1_000_000;
    private static final long MAX_SECONDS = 86_400;
    private static final int MAX_BACKLOG = 65_535;
    /** How much longer than the grace period a shutdown hook waits for the end of the service. */
    private static final long HOOK_EXTRA_MILLIS = 5000;

    @Override
    public String name() {
        return "echo-server";
    }

    @Override
    public String synopsis() {
        return "echo-server [--path P] [--quiet] [--max-clients N] [--max-per-uid N]"
                + " [--idle-timeout SECONDS] [--grace SECONDS] [...]";
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
                + "--max-clients at once; more clients wait in the kernel's listen queue (at most\n"
                + "--backlog of them) until a connection ends. With one client at a time the\n"
                + "output is the tutorial's; with several their lines interleave. \"waiting for a\n"
                + "connection\" is printed whenever no client is connected. --quiet prints no line\n"
                + "per connection or chunk, and moves up to 64 KiB at a time. A connection that\n"
                + "fails is reported on standard error and the others carry on.\n\n"
                + "So that no client or user can hold the server: a connection on which nothing\n"
                + "moved for --idle-timeout seconds is closed, whether its client sends nothing\n"
                + "or reads nothing; and with --max-per-uid, a user id (the client's, as the\n"
                + "kernel tells it) that has N connections open gets no more: its next ones are\n"
                + "closed as soon as they are accepted (the first such refusal per user is\n"
                + "reported), and the other users keep the other slots.\n\n"
                + "A socket file that no server answers on (left by a killed server) is replaced;\n"
                + "a running server's file, or a file that is not a socket, is left alone and the\n"
                + "command fails. Ctrl-C or SIGTERM stops the server: it stops accepting, removes\n"
                + "its socket file, lets open connections finish for --grace seconds, closes\n"
                + "those still open, and exits with status 0. A second signal closes them at once.";
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
                        + " how many failed, were refused and were closed idle (on standard"
                        + " error)")
                .build());
        o.addOption(Option.builder().longOpt("max-clients").hasArg().argName("N")
                .desc("serve at most N clients at once (default "
                        + EchoService.Settings.DEFAULT_MAX_CLIENTS + ")")
                .build());
        o.addOption(Option.builder().longOpt("max-per-uid").hasArg().argName("N")
                .desc("serve at most N clients of one user id at once, and close the next ones"
                        + " at once (default: no limit but --max-clients)")
                .build());
        o.addOption(Option.builder().longOpt("idle-timeout").hasArg().argName("SECONDS")
                .desc("close a connection on which nothing moved for this long; 0: never"
                        + " (default " + EchoService.Settings.DEFAULT_IDLE_SECONDS + ")")
                .build());
        o.addOption(Option.builder().longOpt("backlog").hasArg().argName("N")
                .desc("let the kernel queue at most N connections not yet accepted (default:"
                        + " its maximum, " + BindOptions.DEFAULT_BACKLOG + " here)")
                .build());
        o.addOption(Option.builder().longOpt("grace").hasArg().argName("SECONDS")
                .desc("on Ctrl-C or SIGTERM, let open connections finish for this long"
                        + " (default " + EchoService.Settings.DEFAULT_GRACE_SECONDS + ")")
                .build());
        return o;
    }

    @Override
    public int run(CommandLine line, Io io) throws Exception {
        Args.none(line);
        UnixSocketAddress address = Args.pathOrDefault(line);
        BindOptions options = Args.bindOptions(line, address);
        if (line.hasOption("backlog")) {
            options = options.backlog((int) number(line, "backlog", 0, 1, MAX_BACKLOG));
        }
        EchoService.Settings settings = new EchoService.Settings()
                .once(line.hasOption("once"))
                .quiet(line.hasOption("quiet"))
                .stats(line.hasOption("stats"))
                .maxClients((int) number(line, "max-clients",
                        EchoService.Settings.DEFAULT_MAX_CLIENTS, 1, MAX_MAX_CLIENTS))
                .maxPerUid((int) number(line, "max-per-uid", 0, 1, MAX_MAX_CLIENTS));
        if (line.hasOption("max-per-uid")
                && !UnixSockets.capabilities().contains(UnixSocketCapability.PEER_CREDENTIALS)) {
            throw new UnsupportedOperationException("--max-per-uid needs the clients' user ids,"
                    + " which provider " + UnixSockets.backend().name() + " cannot tell");
        }
        long idleSeconds = number(line, "idle-timeout",
                EchoService.Settings.DEFAULT_IDLE_SECONDS, 0, MAX_SECONDS);
        long graceSeconds = number(line, "grace", EchoService.Settings.DEFAULT_GRACE_SECONDS, 0,
                MAX_SECONDS);
        settings.idleMillis(TimeUnit.SECONDS.toMillis(idleSeconds))
                .graceMillis(TimeUnit.SECONDS.toMillis(graceSeconds));
        Transcript t = new Transcript(io.out);
        try (Stopper stopper = Stopper.onSignals(
                TimeUnit.SECONDS.toMillis(graceSeconds) + HOOK_EXTRA_MILLIS)) {
            UnixServerSocket server = EchoService.bind(address, options, t);
            try {
                EchoService service = new EchoService(server, settings, t, io);
                stopper.add(service);
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
}
