package io.github.uds4j.cli;

import io.github.uds4j.BindOptions;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketCapability;
import io.github.uds4j.UnixSocketType;
import java.nio.file.InvalidPathException;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;

/** The options several commands share, and the checks of their values. */
final class Args {
    /** The socket path when none is given, as in the tutorial. */
    static final String DEFAULT_PATH = "./uds_socket";

    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_READ,
    };

    private Args() {}

    /** How the help of an option describes an address. */
    static final String ADDRESS_HELP = "a file path, or @NAME for the abstract name NAME"
            + " (Linux; ./@x is the file @x)";
    /** How the help texts describe an address argument, in a paragraph of their own. */
    static final String ADDRESS_PARAGRAPH = "ADDRESS is the path of a socket file, or @NAME for\n"
            + "the abstract name NAME (Linux: no file; ./@x is the file @x).\n\n";

    static Option pathOption() {
        return Option.builder().longOpt("path").hasArg().argName("P")
                .desc("the socket: " + ADDRESS_HELP + " (default " + DEFAULT_PATH + ")").build();
    }

    static Option typeOption() {
        return Option.builder().longOpt("type").hasArg().argName("TYPE")
                .desc("the socket type: stream (the default), dgram or seqpacket").build();
    }

    static Option modeOption() {
        return Option.builder().longOpt("mode").hasArg().argName("MODE")
                .desc("permissions of the socket file, octal (600, 0660) or symbolic (rw-------);"
                        + " connecting needs write permission; default: what the umask gives")
                .build();
    }

    static Option allowUidOption() {
        return Option.builder().longOpt("allow-uid").hasArg().argName("UID[,UID...]")
                .desc("accept connections only from processes running as these numeric user ids"
                        + " (others are closed at once)")
                .build();
    }

    /**
     * Returns the address {@code text} names, or a usage error saying why it cannot be one: every
     * command reads its addresses with this. {@code @NAME} is the abstract name NAME (its UTF-8
     * bytes), as {@code ss} and socat show them; anything else is a file path, so a file whose
     * name starts with {@code @} is given as {@code ./@x}.
     */
    static UnixSocketAddress address(String text) throws UsageException {
        if (text.startsWith("@")) {
            try {
                return UnixSocketAddress.ofAbstract(text.substring(1));
            } catch (IllegalArgumentException e) {
                throw new UsageException("invalid abstract name '" + text + "': " + e.getMessage()
                        + " (a file whose name starts with @ is given as ./" + text + ")");
            }
        }
        try {
            return UnixSocketAddress.of(text);
        } catch (InvalidPathException e) {
            throw new UsageException("invalid socket path: " + e.getMessage());
        }
    }

    /** Returns the type given with {@code --type}, {@code STREAM} by default. */
    static UnixSocketType type(CommandLine line) throws UsageException {
        String text = line.getOptionValue("type");
        if (text == null) {
            return UnixSocketType.STREAM;
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("stream")) {
            return UnixSocketType.STREAM;
        }
        if (s.equals("dgram") || s.equals("datagram")) {
            return UnixSocketType.DATAGRAM;
        }
        if (s.equals("seqpacket")) {
            return UnixSocketType.SEQPACKET;
        }
        throw new UsageException("invalid --type '" + text + "': use stream, dgram or seqpacket");
    }

    /** Returns the name {@code --type} gives {@code type}. */
    static String typeName(UnixSocketType type) {
        return type == UnixSocketType.DATAGRAM ? "dgram" : type.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the capabilities a socket of {@code type} at {@code address} needs: what {@code
     * UnixSockets} routes by.
     */
    static Set<UnixSocketCapability> needs(UnixSocketAddress address, UnixSocketType type) {
        Set<UnixSocketCapability> needed = EnumSet.noneOf(UnixSocketCapability.class);
        if (address != null && address.isAbstract()) {
            needed.add(UnixSocketCapability.ABSTRACT_NAMESPACE);
        }
        if (type == UnixSocketType.DATAGRAM) {
            needed.add(UnixSocketCapability.DATAGRAM);
        } else if (type == UnixSocketType.SEQPACKET) {
            needed.add(UnixSocketCapability.SEQPACKET);
        }
        return needed;
    }

    /** Returns the address given with {@code --path}, or the default one. */
    static UnixSocketAddress pathOrDefault(CommandLine line) throws UsageException {
        return address(line.getOptionValue("path", DEFAULT_PATH));
    }

    /** Fails unless there are no positional arguments. */
    static void none(CommandLine line) throws UsageException {
        List<String> args = line.getArgList();
        if (!args.isEmpty()) {
            throw new UsageException("unexpected argument '" + args.get(0) + "'");
        }
    }

    /** Returns the one positional argument, or fails naming what is missing or extra. */
    static String one(CommandLine line, String what) throws UsageException {
        List<String> args = line.getArgList();
        if (args.isEmpty()) {
            throw new UsageException("missing " + what);
        }
        if (args.size() > 1) {
            throw new UsageException("unexpected argument '" + args.get(1) + "'");
        }
        return args.get(0);
    }

    /**
     * Returns the bind options that {@code --mode} and {@code --allow-uid} ask for at {@code
     * address}; {@code --mode} is a usage error with an abstract name, which has no file.
     */
    static BindOptions bindOptions(CommandLine line, UnixSocketAddress address)
            throws UsageException {
        BindOptions options = BindOptions.defaults();
        if (line.hasOption("mode")) {
            if (address.isAbstract()) {
                throw new UsageException("--mode sets a socket file's permissions, and " + address
                        + " is an abstract name: no file exists for it");
            }
            options = options.permissions(mode(line.getOptionValue("mode")));
        }
        if (line.hasOption("allow-uid")) {
            options = options.allowedUids(uids(line.getOptionValue("allow-uid")));
        }
        return options;
    }

    /**
     * Parses a file mode: three or four octal digits ({@code 600}, {@code 0660}) of permission
     * bits only, or nine characters as {@code ls -l} shows them ({@code rw-------}).
     */
    static Set<PosixFilePermission> mode(String text) throws UsageException {
        String s = text.trim();
        if (s.matches("[0-7]{3,4}")) {
            int bits = Integer.parseInt(s, 8);
            if (bits > 0777) {
                throw new UsageException("invalid mode '" + text
                        + "': only permission bits (at most 0777) can be set");
            }
            Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
            for (int i = 0; i < BITS.length; i++) {
                if ((bits & (1 << i)) != 0) {
                    set.add(BITS[i]);
                }
            }
            return set;
        }
        if (s.matches("([r-][w-][x-]){3}")) {
            return PosixFilePermissions.fromString(s);
        }
        throw new UsageException("invalid mode '" + text
                + "': use octal digits (600, 0660) or nine characters (rw-------)");
    }

    /** Parses a comma-separated list of numeric user ids. */
    static long[] uids(String text) throws UsageException {
        String[] parts = text.split(",", -1);
        long[] uids = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            if (!p.matches("[0-9]{1,10}")) {
                throw new UsageException("invalid user id '" + p + "' in --allow-uid '" + text
                        + "': use numeric ids, such as 1000 or 0,1000");
            }
            uids[i] = Long.parseLong(p);
        }
        return uids;
    }
}
