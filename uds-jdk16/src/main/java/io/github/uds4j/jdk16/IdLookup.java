package io.github.uds4j.jdk16;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Turns the user and group names that the JDK reports for {@code SO_PEERCRED} back into the
 * numeric ids the kernel gave.
 *
 * <p>The JDK resolves the peer's uid and gid to names with {@code getpwuid}/{@code getgrgid} and
 * falls back to the number in decimal when there is no entry. Its principals keep the number
 * but do not expose it ({@code uid()} is package-private in {@code sun.nio.fs}), so this class
 * maps names back without native code:
 * <ol>
 *   <li>a name of decimal digits is that number (the JDK's fallback, {@code Integer.toString}
 *       of the id as a signed {@code int}, so ids from 2^31 on come as {@code -2147483648} to
 *       {@code -2}, which are read back as 2^32 minus the magnitude), unless the database file has
 *       an entry with that name and another id, which is refused as ambiguous;
 *   <li>otherwise the first entry with that name in {@code /etc/passwd} or {@code /etc/group},
 *       as the C library's {@code files} source answers; the parsed file is kept and read again
 *       only when its inode, size or modification time changes (one {@code stat} per lookup);
 *   <li>otherwise, for names from other name services (LDAP, SSSD, systemd), {@code getent},
 *       once per name: its answer is kept until the file changes, and a failure (unknown name,
 *       {@code getent} missing or too slow) for {@value #FAILURE_SECONDS} s, so that a peer
 *       nobody can name costs no process per connection.
 * </ol>
 */
final class IdLookup {
    static final IdLookup USERS = new IdLookup("user", "passwd", Paths.get("/etc/passwd"));
    static final IdLookup GROUPS = new IdLookup("group", "group", Paths.get("/etc/group"));

    /** The highest valid id: {@code (uid_t) -1} means "no id". */
    private static final long MAX_ID = 0xFFFF_FFFEL;
    private static final long GETENT_TIMEOUT_SECONDS = 10;
    /** How long a failed name-service lookup is remembered. */
    static final long FAILURE_SECONDS = 60;

    private final String kind;
    private final String database;
    private final Path file;
    private final NameService names;
    private final LongSupplier nanoClock;
    private volatile Table table = new Table(null, Map.of());

    /** Asks the system's name services ({@code getent}) for names not in {@code file}. */
    IdLookup(String kind, String database, Path file) {
        this(kind, database, file, null);
    }

    /** Asks {@code names} for names not in {@code file}; null for {@code getent}. */
    IdLookup(String kind, String database, Path file, NameService names) {
        this(kind, database, file, names, System::nanoTime);
    }

    /** As above, with the clock that times remembered failures. */
    IdLookup(String kind, String database, Path file, NameService names, LongSupplier nanoClock) {
        this.kind = kind;
        this.database = database;
        this.file = file;
        this.names = names != null ? names : this::getent;
        this.nanoClock = nanoClock;
    }

    /** The name services behind the file: {@code getent} but in tests. */
    interface NameService {
        /**
         * Returns the id of {@code name}.
         *
         * @throws IOException if the name is unknown or cannot be looked up; the message says so
         */
        long idOf(String name) throws IOException;
    }

    /**
     * Returns the numeric id for {@code name}.
     *
     * @param name a user name (for {@link #USERS}) or group name (for {@link #GROUPS}) as the
     *     JDK reported it
     * @return the id, from 0 to 2^32 - 2
     * @throws NullPointerException if {@code name} is null
     * @throws IOException if the name is unknown or ambiguous, or the database cannot be read
     */
    long idOf(String name) throws IOException {
        Objects.requireNonNull(name, "name == null");
        Table t = current();
        Long known = t.get(name);
        long numeric = parseReportedId(name);
        if (numeric >= 0) {
            if (known != null && known != numeric) {
                throw new IOException("cannot tell the " + kind + " id of the peer: '" + name
                        + "' may be " + kind + " id " + numeric + " or the " + kind
                        + " named so in " + file + ", whose id is " + known);
            }
            return numeric;
        }
        if (known != null) {
            return known;
        }
        Failure failed = t.failed.get(name);
        long now = nanoClock.getAsLong();
        if (failed != null && now - failed.at < TimeUnit.SECONDS.toNanos(FAILURE_SECONDS)) {
            throw new IOException(failed.message);
        }
        long id;
        try {
            id = names.idOf(name);
        } catch (IOException e) {
            t.failed.put(name, new Failure(now, e.getMessage()));
            throw e;
        }
        t.failed.remove(name);
        t.learned.put(name, id);
        return id;
    }

    /**
     * Returns the id a name of digits stands for, as the JDK writes an id it has no name for:
     * {@code Integer.toString} of the id as a signed {@code int}; -1 if it is no such name.
     */
    static long parseReportedId(String name) {
        if (name.length() > 1 && name.charAt(0) == '-' && name.charAt(1) != '0') {
            long magnitude = parseId(name.substring(1));
            // -2147483648 .. -2 are 2^31 .. 2^32 - 2; -1 would be (uid_t) -1, no id
            return magnitude >= 2 && magnitude <= 0x8000_0000L ? 0x1_0000_0000L - magnitude : -1;
        }
        return parseId(name);
    }

    /** Returns the table for the file as it is now, reading it again if it changed. */
    private Table current() throws IOException {
        Table t = table;
        Object stamp;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            stamp = List.of(String.valueOf(a.fileKey()), a.lastModifiedTime(), a.size());
        } catch (NoSuchFileException e) {
            stamp = "missing";
        }
        if (stamp.equals(t.stamp)) {
            return t;
        }
        Map<String, Long> ids = "missing".equals(stamp) ? Map.of() : parse(Files.readAllBytes(file));
        t = new Table(stamp, ids);
        table = t;
        return t;
    }

    /** Parses a {@code passwd} or {@code group} file: {@code name:password:id:...} lines. */
    static Map<String, Long> parse(byte[] content) {
        Map<String, Long> ids = new HashMap<>();
        for (String line : new String(content, fileNameCharset()).split("\n")) {
            long id = idField(line);
            if (id >= 0) {
                ids.putIfAbsent(line.substring(0, line.indexOf(':')), id);
            }
        }
        return ids;
    }

    /** Returns the id in the third field of an entry, or -1 for a comment or malformed line. */
    private static long idField(String line) {
        if (line.isEmpty() || "#+-".indexOf(line.charAt(0)) >= 0) {
            return -1; // comments and NIS compat entries
        }
        int first = line.indexOf(':');
        int second = first < 1 ? -1 : line.indexOf(':', first + 1);
        if (second < 0) {
            return -1;
        }
        int third = line.indexOf(':', second + 1);
        return parseId(third < 0 ? line.substring(second + 1) : line.substring(second + 1, third));
    }

    /** Returns {@code s} as an id if it is one in plain decimal, otherwise -1. */
    static long parseId(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= MAX_ID ? value : -1;
    }

    /** Asks the system's name services through {@code getent DATABASE -- NAME}. */
    private long getent(String name) throws IOException {
        String notFound = "cannot find the id of the peer's " + kind + " '" + name + "': it is not in "
                + file + " and getent " + database + " does not know it";
        if (name.isEmpty() || name.indexOf(':') >= 0 || name.indexOf('\n') >= 0) {
            throw new IOException(notFound);
        }
        Process p;
        try {
            p = new ProcessBuilder("getent", database, "--", name)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new IOException(notFound + " (getent cannot be run: " + e.getMessage() + ")", e);
        }
        byte[] output;
        try {
            p.getOutputStream().close();
            output = readAtMost(p.getInputStream(), 64 * 1024);
            if (!p.waitFor(GETENT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException(notFound + " (getent did not answer in "
                        + GETENT_TIMEOUT_SECONDS + " s)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(notFound + " (interrupted while waiting for getent)", e);
        } finally {
            p.destroyForcibly();
        }
        if (p.exitValue() == 0) {
            String line = new String(output, fileNameCharset()).split("\n", 2)[0];
            if (line.startsWith(name + ":")) {
                long id = idField(line);
                if (id >= 0) {
                    return id;
                }
            }
        }
        throw new IOException(notFound);
    }

    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            int n;
            while (out.size() < max && (n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** The charset the JDK decodes names from the C library with (sun.jnu.encoding). */
    private static Charset fileNameCharset() {
        return io.github.uds4j.internal.ProviderSupport.fileNameCharset();
    }

    /** A lookup that failed, and when. */
    private static final class Failure {
        final long at;
        final String message;

        Failure(long at, String message) {
            this.at = at;
            this.message = message;
        }
    }

    /**
     * One reading of the file, and the names the name services answered, or failed to answer,
     * since.
     */
    private static final class Table {
        final Object stamp;
        final Map<String, Long> fromFile;
        final Map<String, Long> learned = new ConcurrentHashMap<>();
        final Map<String, Failure> failed = new ConcurrentHashMap<>();

        Table(Object stamp, Map<String, Long> fromFile) {
            this.stamp = stamp;
            this.fromFile = fromFile;
        }

        Long get(String name) {
            Long id = fromFile.get(name);
            return id != null ? id : learned.get(name);
        }
    }
}
