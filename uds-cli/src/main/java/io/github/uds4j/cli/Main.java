package io.github.uds4j.cli;

import io.github.uds4j.ProviderUnavailableException;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.InvalidPathException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * The {@code uds} command: {@code uds [global options] COMMAND [options]}.
 *
 * <p>Exit status: {@value #OK} on success, {@value #FAILURE} when the work failed (a connection,
 * an I/O error, no usable provider), {@value #USAGE} for a command line that cannot be obeyed.
 * Errors are one line on standard error; {@code --debug} adds the stack trace.
 */
public final class Main {
    /** Exit status on success. */
    static final int OK = 0;
    /** Exit status when the work failed: a connection, an I/O error, no usable provider. */
    static final int FAILURE = 1;
    /** Exit status for a command line that cannot be obeyed. */
    static final int USAGE = 2;

    /** The system property that forces a provider, as {@code --provider} does. */
    static final String PROVIDER_PROPERTY = "uds4j.provider";

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<String, Command>();

    static {
        for (Command c : Arrays.asList(new EchoServer(), new EchoClient(), new SocketPair(),
                new Demo(), new Connect(), new Listen(), new Info(), new Bench())) {
            COMMANDS.put(c.name(), c);
        }
    }

    private Main() {}

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        int status = run(args, System.in, System.out, System.err, interactive());
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    /**
     * Returns whether a person types at standard input and reads standard output: both are a
     * terminal. Before Java 22 that is what a console means; from Java 22 on there may be a
     * console without a terminal, and {@code Console.isTerminal()} tells.
     */
    static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return Boolean.TRUE.equals(isTerminal.invoke(console));
        } catch (NoSuchMethodException e) {
            return true; // Java 21 or older: a console is a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Runs the command line with the given streams and returns the exit status. Never exits the
     * JVM and never throws.
     */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, in, out, err, false);
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err,
            boolean terminal) {
        boolean debug = false;
        String where = "uds";
        try {
            CommandLine global;
            try {
                global = parser().parse(globalOptions(), args, true);
            } catch (ParseException e) {
                throw new UsageException(e.getMessage());
            }
            debug = global.hasOption("debug");
            if (global.hasOption("help")) {
                printGlobalHelp(out);
                return OK;
            }
            if (global.hasOption("version")) {
                out.println("uds4j " + Version.get());
                out.flush();
                return OK;
            }
            if (global.hasOption("provider")) {
                String name = global.getOptionValue("provider").trim();
                if (name.isEmpty()) {
                    throw new UsageException("--provider needs a name, such as jdk16 or junixsocket");
                }
                // Before anything touches UnixSockets: the selection is made once per JVM.
                System.setProperty(PROVIDER_PROPERTY, name);
            }
            List<String> rest = global.getArgList();
            if (rest.isEmpty()) {
                throw new UsageException("no command given; run 'uds --help' for the list");
            }
            String name = rest.get(0);
            if (name.startsWith("-")) {
                throw new UsageException("unrecognized option '" + name + "'; run 'uds --help'");
            }
            if (name.equals("help")) {
                return help(rest.subList(1, rest.size()), out);
            }
            Command command = COMMANDS.get(name);
            if (command == null) {
                throw new UsageException("unknown command '" + name + "'; run 'uds --help' for the list");
            }
            where = "uds " + name;
            CommandLine line;
            try {
                String[] commandArgs = rest.subList(1, rest.size()).toArray(new String[0]);
                line = parser().parse(withHelp(command.options()), commandArgs, false);
            } catch (ParseException e) {
                throw new UsageException(e.getMessage() + "; run '" + where + " --help'");
            }
            if (line.hasOption("help")) {
                printCommandHelp(command, out);
                return OK;
            }
            return command.run(line, new Io(in, out, err, terminal));
        } catch (UsageException e) {
            err.println(where + ": " + e.getMessage());
            err.flush();
            return USAGE;
        } catch (InvalidPathException e) {
            // A path that cannot be a socket address (too long, NUL, unencodable) is the user's.
            fail(err, debug, where + ": " + e.getMessage(), e);
            return USAGE;
        } catch (IOException | ProviderUnavailableException | UnsupportedOperationException e) {
            fail(err, debug, Errors.describe(e), e);
            return FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(err, debug, where + ": interrupted", e);
            return FAILURE;
        } catch (Exception | LinkageError e) {
            fail(err, debug, where + ": internal error: " + e
                    + (debug ? "" : " (run 'uds --debug ...' for the stack trace)"), e);
            return FAILURE;
        }
    }

    private static void fail(PrintStream err, boolean debug, String line, Throwable e) {
        err.println(line);
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
    }

    static DefaultParser parser() {
        return DefaultParser.builder()
                .setAllowPartialMatching(false)
                .setStripLeadingAndTrailingQuotes(false)
                .build();
    }

    static Options globalOptions() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("provider").hasArg().argName("NAME")
                .desc("use this provider (jdk16 or junixsocket); the same as -D"
                        + PROVIDER_PROPERTY + "=NAME")
                .build());
        o.addOption(Option.builder("h").longOpt("help").desc("print this help and exit").build());
        o.addOption(Option.builder("V").longOpt("version").desc("print the version and exit")
                .build());
        o.addOption(Option.builder().longOpt("debug")
                .desc("print the stack trace of an error, not just its message").build());
        return o;
    }

    private static Options withHelp(Options options) {
        if (!options.hasLongOption("help")) {
            options.addOption(Option.builder("h").longOpt("help")
                    .desc("print this command's help and exit").build());
        }
        return options;
    }

    private static int help(List<String> topics, PrintStream out) throws UsageException {
        if (topics.isEmpty()) {
            printGlobalHelp(out);
            return OK;
        }
        if (topics.size() > 1) {
            throw new UsageException("help takes at most one command name");
        }
        Command c = COMMANDS.get(topics.get(0));
        if (c == null) {
            throw new UsageException("unknown command '" + topics.get(0)
                    + "'; run 'uds --help' for the list");
        }
        printCommandHelp(c, out);
        return OK;
    }

    static void printGlobalHelp(PrintStream out) {
        StringBuilder b = new StringBuilder();
        b.append("usage: uds [global options] COMMAND [options]\n\n");
        b.append("Unix domain sockets from Java, after the Python tutorial on them (PyMOTW).\n\n");
        b.append("Commands:\n");
        int width = 0;
        for (String name : COMMANDS.keySet()) {
            width = Math.max(width, name.length());
        }
        for (Command c : COMMANDS.values()) {
            b.append("  ").append(pad(c.name(), width)).append("  ").append(c.summary())
                    .append('\n');
        }
        b.append("\nGlobal options:\n");
        HelpText.options(b, globalOptions());
        b.append("\nRun 'uds COMMAND --help' or 'uds help COMMAND' for a command's options.\n");
        b.append("Exit status: 0 success, 1 failure (connection, I/O), 2 usage error.\n");
        out.print(b);
        out.flush();
    }

    static void printCommandHelp(Command c, PrintStream out) {
        StringBuilder b = new StringBuilder();
        b.append("usage: uds [global options] ").append(c.synopsis()).append("\n\n");
        b.append(c.description().trim()).append("\n\nOptions:\n");
        HelpText.options(b, withHelp(c.options()));
        out.print(b);
        out.flush();
    }

    static String pad(String s, int width) {
        StringBuilder b = new StringBuilder(s);
        while (b.length() < width) {
            b.append(' ');
        }
        return b.toString();
    }

    /** Returns the commands, in the order the help lists them. */
    static Map<String, Command> commands() {
        return COMMANDS;
    }
}
