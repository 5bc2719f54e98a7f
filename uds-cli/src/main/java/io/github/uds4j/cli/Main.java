package io.github.uds4j.cli;

import io.github.uds4j.ProviderInfo;
import io.github.uds4j.ProviderUnavailableException;
import io.github.uds4j.UnixSockets;
import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.InvalidPathException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.AlreadySelectedException;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.MissingArgumentException;
import org.apache.commons.cli.MissingOptionException;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.OptionGroup;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;

/**
 * The {@code uds} command: {@code uds [global options] COMMAND [options]}.
 *
 * <p>Exit status: {@value #OK} on success, {@value #FAILURE} when the work failed (a connection,
 * an I/O error, no usable provider), {@value #USAGE} for a command line that cannot be obeyed.
 * Errors are one line on standard error, starting with {@code uds: } or, once the command is
 * known, {@code uds COMMAND: }; {@code --debug} adds the stack trace.
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
        // Standard input unbuffered: System.in's buffer locks out available() during a read, and
        // a relay asks available() while its sender waits in a read (RelayInput).
        int status = run(args, new FileInputStream(FileDescriptor.in), System.out, System.err,
                interactive());
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
        String forced = null; // the name given to --provider
        try {
            CommandLine global;
            Options globalOptions = globalOptions();
            try {
                global = parser().parse(globalOptions, args, true);
            } catch (ParseException e) {
                throw new UsageException(problem(e, globalOptions) + "; run 'uds --help'");
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
            String provider = null;
            if (global.hasOption("provider")) {
                provider = global.getOptionValue("provider").trim();
                if (provider.isEmpty()) {
                    throw new UsageException("--provider needs a name, such as jdk16 or junixsocket");
                }
                // Before anything touches UnixSockets: the selection is made once per JVM.
                System.setProperty(PROVIDER_PROPERTY, provider);
                forced = provider;
            }
            List<String> rest = global.getArgList();
            if (rest.isEmpty()) {
                throw new UsageException("no command given; run 'uds --help' for the list");
            }
            String name = rest.get(0);
            if (name.startsWith("-")) {
                throw new UsageException(unrecognized(name, globalOptions) + "; run 'uds --help'");
            }
            if (name.equals("help")) {
                return help(rest.subList(1, rest.size()), out);
            }
            Command command = command(name);
            where = "uds " + name;
            CommandLine line;
            Options options = withHelp(command.options());
            try {
                String[] commandArgs = rest.subList(1, rest.size()).toArray(new String[0]);
                line = parser().parse(options, commandArgs, false);
            } catch (ParseException e) {
                throw new UsageException(problem(e, options) + "; run '" + where + " --help'");
            }
            if (line.hasOption("help")) {
                printCommandHelp(command, out);
                return OK;
            }
            if (provider != null) {
                requireProvider(provider);
            }
            return command.run(line, new Io(in, out, err, terminal, where));
        } catch (UsageException e) {
            err.println(where + ": " + e.getMessage());
            err.flush();
            return USAGE;
        } catch (InvalidPathException e) {
            // A path that cannot be a socket address (too long, NUL, unencodable) is the user's.
            fail(err, debug, where + ": " + e.getMessage(), e);
            return USAGE;
        } catch (ProviderUnavailableException e) {
            fail(err, debug, where + ": " + asTyped(Errors.describe(e), forced), e);
            return FAILURE;
        } catch (IOException | UnsupportedOperationException e) {
            fail(err, debug, where + ": " + Errors.describe(e), e);
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

    /**
     * Returns {@code message} with the property the library names ({@code -Duds4j.provider=NAME})
     * replaced by the option the user typed ({@code --provider NAME}), when {@code forced} is the
     * name given to {@code --provider}; else {@code message}.
     */
    static String asTyped(String message, String forced) {
        String property = "-D" + PROVIDER_PROPERTY + "=" + forced;
        return forced == null ? message : message.replace(property, "--provider " + forced);
    }

    /** Returns the command named {@code name}, or a usage error suggesting the closest names. */
    private static Command command(String name) throws UsageException {
        Command c = COMMANDS.get(name);
        if (c == null) {
            throw new UsageException("unknown command '" + name + "'"
                    + Suggestions.didYouMean(name, COMMANDS.keySet())
                    + "; run 'uds --help' for the list");
        }
        return c;
    }

    /**
     * Fails with a usage error when no provider found is named {@code name}: a mistyped {@code
     * --provider} is the command line's fault, and is said before the command prints anything.
     * A provider of that name that cannot work here is left to the command, which fails saying
     * why (status {@value #FAILURE}) or, for {@code info}, reports it. Only when the forced
     * selection fails are the providers listed, which asks each of them.
     */
    static void requireProvider(String name) throws UsageException {
        try {
            UnixSockets.backend(); // the selection, which the property forces to this name
        } catch (ProviderUnavailableException e) {
            // no provider of that name, or one that cannot work here: the report tells which
            requireKnownProvider(name);
        }
    }

    /**
     * Fails with a usage error, suggesting the closest names, unless a provider named {@code
     * name} (ignoring case) was found, whether or not it can work here. Asks every provider.
     */
    static void requireKnownProvider(String name) throws UsageException {
        List<String> names = new ArrayList<String>();
        for (ProviderInfo p : UnixSockets.report().candidates()) {
            if (p.name().equalsIgnoreCase(name)) {
                return;
            }
            names.add(p.name());
        }
        throw new UsageException("unknown provider '" + name + "'"
                + Suggestions.didYouMean(name, names) + "; the providers here are "
                + (names.isEmpty() ? "none" : Suggestions.andList(names)));
    }

    /**
     * Returns in our own words what {@code e}, from parsing with {@code options}, found wrong:
     * commons-cli's messages ("Missing argument for option: path") are not shown.
     */
    static String problem(ParseException e, Options options) {
        if (e instanceof MissingArgumentException) {
            Option o = ((MissingArgumentException) e).getOption();
            return "option " + display(o) + " needs a value"
                    + (o.getArgName() == null ? ""
                            : " (" + display(o) + " " + o.getArgName() + ")");
        }
        if (e instanceof UnrecognizedOptionException) { // and AmbiguousOptionException
            return unrecognized(((UnrecognizedOptionException) e).getOption(), options);
        }
        if (e instanceof MissingOptionException) {
            List<String> missing = new ArrayList<String>();
            for (Object m : ((MissingOptionException) e).getMissingOptions()) {
                missing.add(m instanceof String ? display(options.getOption((String) m))
                        : String.valueOf(m));
            }
            return "missing option " + Suggestions.andList(missing);
        }
        if (e instanceof AlreadySelectedException) {
            AlreadySelectedException a = (AlreadySelectedException) e;
            OptionGroup group = a.getOptionGroup();
            Option chosen = group == null || group.getSelected() == null ? null
                    : options.getOption(group.getSelected());
            return "option " + display(a.getOption()) + " cannot be used with "
                    + (chosen == null ? "an option given before it" : display(chosen));
        }
        return "cannot read the options";
    }

    /**
     * Says that {@code token} is no option of {@code options}, or that it gives a value to an
     * option that takes none ({@code --help=x}), and suggests the closest option.
     */
    static String unrecognized(String token, Options options) {
        int equals = token.indexOf('=');
        if (token.startsWith("--") && equals > 2) {
            Option o = options.getOption(token.substring(2, equals));
            if (o != null && !o.hasArg() && token.substring(2, equals).equals(o.getLongOpt())) {
                return "option " + display(o) + " takes no value";
            }
        }
        List<String> names = new ArrayList<String>();
        for (Option o : options.getOptions()) {
            if (o.getLongOpt() != null) {
                names.add("--" + o.getLongOpt());
            }
        }
        String typed = equals > 0 ? token.substring(0, equals) : token;
        return "unrecognized option '" + token + "'"
                + (typed.startsWith("--") ? Suggestions.didYouMean(typed, names) : "");
    }

    /** Returns how an option is typed: {@code --path}, or {@code -h} if it has no long name. */
    private static String display(Option o) {
        if (o == null) {
            return "?";
        }
        return o.getLongOpt() != null ? "--" + o.getLongOpt() : "-" + o.getOpt();
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
                .desc("use this provider (jdk16, ffm or junixsocket); the same as -D"
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
        printCommandHelp(command(topics.get(0)), out);
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
