package io.github.uds4j.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.uds4j.BindOptions;
import io.github.uds4j.ExistingFilePolicy;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import java.io.File;
import java.io.IOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A hostile local user against a root process that binds: the tests run as root, the attacker
 * as uid 65534 ({@code setpriv}, a small python3 loop).
 *
 * <p><b>Binding in a directory another user can change (F5).</b> Whoever may rename entries of
 * a directory can swap a private bind directory made there for a symbolic link, and every later
 * path operation of the bind ({@code chmod}, {@code link}, the clean-up's {@code unlink}) then
 * acts on whatever the link points to: here, root-only directories holding a root file named
 * {@code s}, the name the private directory's socket has. That is possible in a directory that
 * uid 65534 can write and that has no sticky bit, in one it owns, and in one whose ancestor it
 * can write (it renames the whole directory away). Such binds must be refused with an {@link
 * AccessDeniedException} naming the untrusted directory. In a sticky world-writable directory
 * (1777, like /tmp) another user cannot rename our entries: binds there must succeed. In every
 * case no root file the attacker pointed at may change mode, owner or content, or disappear.
 *
 * <p><b>A stale socket file of another user (F7).</b> A root bind over a stale socket file
 * owned by uid 65534 in a sticky directory must by default fail and leave the file alone; only
 * {@code REPLACE_STALE_ANY_OWNER} replaces it.
 */
public abstract class HostileUserContract extends ContractTestBase {
    private static final int ATTACKER = UnprivilegedJava.UID;
    /** At most this many binds per test ... */
    private static final int MAX_BINDS = 300;
    /** ... and binds start for at most this long. */
    private static final long BIND_MILLIS = 10_000;
    /** The attacker stops by itself after this long, whatever happens to the test. */
    private static final int ATTACKER_SECONDS = 14;
    private static final String SOCKET = "svc.sock";

    /** The directory the root process binds in, and who can change it. */
    enum Layout {
        /** Mode 0777, root, no sticky bit. */
        WORLD_WRITABLE,
        /** Mode 0755, owned by uid 65534. */
        OWNED_BY_ATTACKER,
        /** A root directory 0755 inside one of mode 0777 without sticky bit. */
        WORLD_WRITABLE_ANCESTOR,
        /** Mode 1777, root: trusted, as /tmp. */
        STICKY
    }

    // ---- F5: binds in directories another user can change -------------------------------------

    @Test
    void worldWritableDirectoryWithPermissionsIsRefusedAndNoRootFileChanges() throws Exception {
        bindUnderAttack(Layout.WORLD_WRITABLE, true);
    }

    @Test
    void worldWritableDirectoryWithoutPermissionsIsRefusedAndNoRootFileChanges() throws Exception {
        bindUnderAttack(Layout.WORLD_WRITABLE, false);
    }

    @Test
    void directoryOwnedByAnotherUserWithPermissionsIsRefusedAndNoRootFileChanges() throws Exception {
        bindUnderAttack(Layout.OWNED_BY_ATTACKER, true);
    }

    @Test
    void directoryOwnedByAnotherUserWithoutPermissionsIsRefusedAndNoRootFileChanges()
            throws Exception {
        bindUnderAttack(Layout.OWNED_BY_ATTACKER, false);
    }

    @Test
    void worldWritableAncestorWithPermissionsIsRefusedAndNoRootFileChanges() throws Exception {
        bindUnderAttack(Layout.WORLD_WRITABLE_ANCESTOR, true);
    }

    @Test
    void worldWritableAncestorWithoutPermissionsIsRefusedAndNoRootFileChanges() throws Exception {
        bindUnderAttack(Layout.WORLD_WRITABLE_ANCESTOR, false);
    }

    @Test
    void stickyDirectoryWithPermissionsBindsAndNoRootFileChanges() throws Exception {
        bindUnderAttack(Layout.STICKY, true);
    }

    @Test
    void stickyDirectoryWithoutPermissionsBindsAndNoRootFileChanges() throws Exception {
        bindUnderAttack(Layout.STICKY, false);
    }

    private void bindUnderAttack(Layout layout, boolean withPermissions) throws Exception {
        assumeAttackerCanRun();
        Victims victims = new Victims(dir.resolve("victims"));
        victims.create();
        Map<String, Map<String, String>> before = victims.snapshot();

        // Where the socket goes, which directory is untrusted, and how the attacker swaps.
        Path socketDir;
        Path untrusted;
        boolean renamesWholeDirectory = false;
        String reason;
        switch (layout) {
            case WORLD_WRITABLE:
                socketDir = mkdir(dir.resolve("ww"), 0777, 0);
                untrusted = socketDir;
                reason = "writable by other users";
                break;
            case OWNED_BY_ATTACKER:
                socketDir = mkdir(dir.resolve("owned"), 0755, ATTACKER);
                untrusted = socketDir;
                reason = "owned by";
                break;
            case WORLD_WRITABLE_ANCESTOR:
                untrusted = mkdir(dir.resolve("anc"), 0777, 0);
                socketDir = mkdir(untrusted.resolve("sub"), 0755, 0);
                renamesWholeDirectory = true;
                reason = "writable by other users";
                break;
            case STICKY:
                socketDir = mkdir(dir.resolve("sticky"), 01777, 0);
                untrusted = null;
                reason = null;
                break;
            default:
                throw new AssertionError(layout);
        }
        UnixSocketAddress address = UnixSocketAddress.of(socketDir.resolve(SOCKET));
        Path path = address.getPath();
        BindOptions options = withPermissions
                ? BindOptions.defaults().permissions(PosixFilePermissions.fromString("rw-rw-rw-"))
                : BindOptions.defaults();
        String what = expectedProvider() + " " + layout + (withPermissions
                ? " with permissions rw-rw-rw-" : " without permissions");

        int binds = 0;
        int bound = 0;
        int refused = 0;
        int other = 0;
        String firstOther = null;
        int damaged = 0;
        Map<String, String> damageByKind = new TreeMap<String, String>();
        Map<String, Integer> countByKind = new TreeMap<String, Integer>();
        Attacker attacker = Attacker.start(dir, socketDir, renamesWholeDirectory,
                victims.targets());
        long start = System.nanoTime();
        String attackerReport;
        try {
            while (binds < MAX_BINDS
                    && System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(BIND_MILLIS)) {
                binds++;
                String published = null;
                try {
                    UnixServerSocket server = UnixSockets.bind(address, options);
                    bound++;
                    try {
                        published = publishedInstead(path);
                    } finally {
                        server.close();
                    }
                } catch (AccessDeniedException e) {
                    if (isRefusal(e, path, untrusted, reason)) {
                        refused++;
                    } else {
                        other++;
                        firstOther = firstOther != null ? firstOther : describe(e);
                    }
                } catch (Exception e) {
                    other++;
                    firstOther = firstOther != null ? firstOther : describe(e);
                }
                // Whatever a successful bind left at the path (a hard link to a victim, say).
                Files.deleteIfExists(path);
                List<String> changes = victims.diff(before, victims.snapshot());
                if (published != null) {
                    changes.add(published);
                }
                if (!changes.isEmpty()) {
                    damaged++;
                    for (String kind : kinds(changes)) {
                        Integer c = countByKind.get(kind);
                        countByKind.put(kind, c == null ? 1 : c + 1);
                        if (!damageByKind.containsKey(kind)) {
                            damageByKind.put(kind, "first after bind " + binds + ": " + changes);
                        }
                    }
                    victims.recreate();
                    before = victims.snapshot();
                }
            }
        } finally {
            attackerReport = attacker.stop();
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        String summary = "[hostile F5] " + what + ": " + binds + " binds in " + millis
                + " ms; bound " + bound + ", refused " + refused + ", other failures " + other
                + (firstOther == null ? "" : " (first: " + firstOther + ")")
                + "; root files changed in " + damaged + " of " + binds + " binds"
                + damageSummary(countByKind, damageByKind)
                + "; attacker: " + attackerReport;
        System.out.println(summary);

        assertThat(damaged).as("binds after which a root file the attacker linked to had"
                + " changed or was gone: " + summary).isZero();
        assertThat(victims.diff(before, victims.snapshot())).as("root files at the end")
                .isEmpty();
        if (layout == Layout.STICKY) {
            assertThat(bound).as("binds that succeeded in a sticky directory: " + summary)
                    .isEqualTo(binds);
        } else {
            assertThat(refused).as("binds refused with an AccessDeniedException for " + path
                    + " naming " + untrusted + " and saying '" + reason + "': " + summary)
                    .isEqualTo(binds);
        }
        // Neither a refused nor a finished bind leaves anything (a private directory, say).
        assertThat(names(socketDir)).as("left in " + socketDir).isEmpty();
    }

    private static List<String> names(Path d) throws IOException {
        List<String> names = new ArrayList<String>();
        try (java.util.stream.Stream<Path> s = Files.list(d)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        return names;
    }

    /**
     * What a successful bind put at the socket path if it is not a socket: a hijacked bind
     * links a root file there (the victim the private directory's link pointed to).
     */
    private static String publishedInstead(Path path) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(path, "unix:*", LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return null; // the attacker renamed the directory away: no root file changed
        }
        if (Boolean.TRUE.equals(a.get("isOther"))) {
            return null; // a socket, as it should be
        }
        return "the socket path " + path + " is a root " + (Boolean.TRUE.equals(
                a.get("isRegularFile")) ? "regular file" : "non-socket file") + " with mode "
                + mode((Integer) a.get("mode")) + " (published)";
    }

    /** The kinds of change: gone, mode, owner, content, inode, kind, appeared, published. */
    private static List<String> kinds(List<String> changes) {
        List<String> kinds = new ArrayList<String>();
        for (String c : changes) {
            String k = c.endsWith(" is gone") ? "gone"
                    : c.endsWith("(published)") ? "published"
                    : c.contains(" appeared (") ? "appeared"
                    : c.contains(" mode ") ? "mode"
                    : c.contains(" owner ") ? "owner"
                    : c.contains(" content ") ? "content"
                    : c.contains(" inode ") ? "inode" : "kind";
            if (!kinds.contains(k)) {
                kinds.add(k);
            }
        }
        return kinds;
    }

    private static String damageSummary(Map<String, Integer> counts, Map<String, String> first) {
        if (counts.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(" (");
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            b.append(b.length() > 2 ? "; " : "").append(e.getKey()).append(" in ")
                    .append(e.getValue()).append(", ").append(first.get(e.getKey()));
        }
        return b.append(")").toString();
    }

    /** Whether {@code e} is the refusal the fix gives: the path, the directory, and why. */
    private static boolean isRefusal(AccessDeniedException e, Path path, Path untrusted,
            String reason) {
        String message = String.valueOf(e.getMessage());
        if (untrusted == null || !path.toString().equals(e.getFile())
                || !message.contains(untrusted.toString())
                || !message.toLowerCase().contains(reason)) {
            return false;
        }
        return !reason.startsWith("writable") || message.toLowerCase().contains("sticky");
    }

    private static String describe(Throwable e) {
        return e.getClass().getName() + ": " + e.getMessage();
    }

    // ---- F7: a stale socket file owned by another user ----------------------------------------

    @Test
    void staleSocketOwnedByAnotherUserIsLeftAloneByDefault() throws Exception {
        assumeRoot();
        Path sticky = mkdir(dir.resolve("sticky"), 01777, 0);
        Path stale = staleSocketOwnedBy(sticky.resolve("other.sock"), ATTACKER);
        Object inode = fileKey(stale);
        UnixSocketAddress address = UnixSocketAddress.of(stale);
        Throwable failure = null;
        boolean replaced = false;
        try {
            UnixServerSocket server = UnixSockets.bind(address);
            replaced = server.replacedStaleFile();
            server.close();
        } catch (Exception e) {
            failure = e;
        }
        boolean sameFile = Files.exists(stale, LinkOption.NOFOLLOW_LINKS)
                && inode.equals(fileKey(stale));
        System.out.println("[hostile F7] " + expectedProvider()
                + " default bind over a stale socket of uid " + ATTACKER + ": "
                + (failure == null ? "bound (replacedStaleFile=" + replaced + ")"
                        : describe(failure))
                + "; the other user's file " + (sameFile ? "left alone" : "is gone"));

        assertThat(failure).as("bind over a stale socket file of uid " + ATTACKER)
                .isInstanceOf(BindException.class)
                .hasMessageContaining(stale.toString())
                .hasMessageContaining("owned by uid " + ATTACKER);
        assertThat(sameFile).as("the other user's socket file is left alone (same inode)")
                .isTrue();
        assertThat(Files.getAttribute(stale, "unix:uid", LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(ATTACKER);
    }

    @Test
    void staleSocketOwnedByAnotherUserIsReplacedWithReplaceStaleAnyOwner() throws Exception {
        assumeRoot();
        ExistingFilePolicy anyOwner = ExistingFilePolicy.REPLACE_STALE_ANY_OWNER;
        Path sticky = mkdir(dir.resolve("sticky"), 01777, 0);
        Path stale = staleSocketOwnedBy(sticky.resolve("other.sock"), ATTACKER);
        Object inode = fileKey(stale);
        UnixSocketAddress address = UnixSocketAddress.of(stale);
        try (UnixServerSocket server = UnixSockets.bind(address,
                BindOptions.defaults().existingFile(anyOwner))) {
            System.out.println("[hostile F7] " + expectedProvider()
                    + " REPLACE_STALE_ANY_OWNER over a stale socket of uid " + ATTACKER
                    + ": bound, replacedStaleFile=" + server.replacedStaleFile());
            assertThat(server.replacedStaleFile()).isTrue();
            assertThat(fileKey(stale)).as("a new socket file").isNotEqualTo(inode);
            assertThat(Files.getAttribute(stale, "unix:uid", LinkOption.NOFOLLOW_LINKS))
                    .isEqualTo(0);
            UnixSockets.connect(address).close();
        }
        assertThat(Files.exists(stale, LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    /**
     * Leaves a socket file that nobody serves at {@code path}, as a killed server would, and
     * gives it to {@code uid}. The one place that makes stale socket files here.
     */
    protected Path staleSocketOwnedBy(Path path, int uid) throws IOException {
        RawProvider.leaveStaleSocket(UnixSocketAddress.of(path));
        assertThat(Files.readAttributes(path, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).isOther()).as("a socket file at " + path).isTrue();
        Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
        return path;
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static Object fileKey(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey();
    }

    /** Makes a directory with exactly {@code mode} (sticky bit included) owned by {@code uid}. */
    private static Path mkdir(Path d, int mode, int uid) throws IOException {
        Files.createDirectory(d);
        Files.setAttribute(d, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(d, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(d, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
        return d;
    }

    private static void assumeRoot() throws IOException {
        assumeTrue(SocketFileContract.ownId("Uid:") == 0,
                "tests do not run as root: there is no other user to defend against");
    }

    private static void assumeAttackerCanRun() throws IOException {
        assumeRoot();
        assumeTrue(new File(Attacker.SETPRIV).canExecute(), "setpriv is not installed");
        assumeTrue(new File(Attacker.PYTHON).canExecute(), Attacker.PYTHON + " is not installed");
    }

    private static String mode(int m) {
        String rwx = "rwxrwxrwx";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            b.append((m & (0400 >> i)) != 0 ? rwx.charAt(i) : '-');
        }
        return b + "(" + Integer.toOctalString(m & 07777) + ")";
    }

    /**
     * Root's files the attacker points its links at: a root-only directory (0700) holding a
     * root file {@code s} (0600, with a second hard link {@code s.hardlink}), and a root
     * directory (0755) holding a root file {@code s} (0644), as a service's configuration
     * would be.
     */
    private static final class Victims {
        private final Path root;

        Victims(Path root) {
            this.root = root;
        }

        void create() throws IOException {
            mkdir(root, 0755, 0);
            Path secret = mkdir(root.resolve("secret"), 0700, 0);
            file(secret.resolve("s"), 0600, "root's secret\n");
            // A second name for the same file: a change of mode shows even when "s" is removed.
            Files.createLink(secret.resolve("s.hardlink"), secret.resolve("s"));
            Path conf = mkdir(root.resolve("conf"), 0755, 0);
            file(conf.resolve("s"), 0644, "root's configuration\n");
        }

        void recreate() throws IOException {
            UnprivilegedJava.deleteTree(root);
            create();
        }

        /** The directories the attacker's links point to. */
        List<Path> targets() {
            List<Path> t = new ArrayList<Path>();
            t.add(root.resolve("secret"));
            t.add(root.resolve("conf"));
            return t;
        }

        private static void file(Path f, int mode, String content) throws IOException {
            Files.write(f, content.getBytes(StandardCharsets.UTF_8));
            Files.setAttribute(f, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
        }

        /** Kind, mode, owner, inode and content of everything under the root. */
        Map<String, Map<String, String>> snapshot() throws IOException {
            final Map<String, Map<String, String>> all = new TreeMap<String, Map<String, String>>();
            Files.walkFileTree(root, new SimpleFileVisitor<Path>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a)
                        throws IOException {
                    all.put(root.relativize(d).toString(), describe(d));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a)
                        throws IOException {
                    all.put(root.relativize(f).toString(), describe(f));
                    return FileVisitResult.CONTINUE;
                }
            });
            return all;
        }

        private static Map<String, String> describe(Path p) throws IOException {
            Map<String, Object> a = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
            Map<String, String> d = new TreeMap<String, String>();
            d.put("kind", Boolean.TRUE.equals(a.get("isDirectory")) ? "directory"
                    : Boolean.TRUE.equals(a.get("isRegularFile")) ? "file"
                    : Boolean.TRUE.equals(a.get("isSymbolicLink")) ? "link" : "other");
            d.put("mode", mode((Integer) a.get("mode")));
            d.put("owner", a.get("uid") + ":" + a.get("gid"));
            d.put("inode", String.valueOf(a.get("ino")));
            if (Boolean.TRUE.equals(a.get("isRegularFile"))) {
                d.put("content", new String(Files.readAllBytes(p), StandardCharsets.UTF_8)
                        .replace("\n", "\\n"));
            }
            return d;
        }

        List<String> diff(Map<String, Map<String, String>> before,
                Map<String, Map<String, String>> after) {
            List<String> changes = new ArrayList<String>();
            for (Map.Entry<String, Map<String, String>> e : before.entrySet()) {
                Map<String, String> now = after.get(e.getKey());
                if (now == null) {
                    changes.add(e.getKey() + " is gone");
                    continue;
                }
                for (Map.Entry<String, String> f : e.getValue().entrySet()) {
                    String v = now.get(f.getKey());
                    if (!f.getValue().equals(v)) {
                        changes.add(e.getKey() + " " + f.getKey() + " " + f.getValue() + " -> "
                                + v);
                    }
                }
            }
            for (Map.Entry<String, Map<String, String>> e : after.entrySet()) {
                if (!before.containsKey(e.getKey())) {
                    changes.add(e.getKey() + " appeared (" + e.getValue().get("kind") + " "
                            + e.getValue().get("mode") + " " + e.getValue().get("owner") + ")");
                }
            }
            return changes;
        }
    }

    /**
     * The hostile user: python3 as uid 65534 that watches the bind directory and swaps every
     * directory appearing there (the private bind directory, {@code .uds4j-*} or {@code .jx*},
     * whatever its name) for a symbolic link to one of the victim directories, taking turns. It
     * either renames the directory away and puts the link at its name, or, when it can only
     * write the parent of the bind directory, builds a directory of its own holding the link
     * and renames it over the bind directory's name. It stops when the stop file appears or
     * after {@value #ATTACKER_SECONDS} s, and prints how many swaps worked.
     */
    private static final class Attacker {
        static final String SETPRIV = "/usr/bin/setpriv";
        static final String PYTHON = "/usr/bin/python3";

        private static final String SCRIPT = String.join("\n",
                "import os, sys, time",
                "watch, how, limit, stop = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]",
                "victims = sys.argv[5:]",
                "parent = os.path.dirname(watch)",
                "end = time.monotonic() + limit",
                "swaps = failed = n = 0",
                "last = ''",
                "print('ready uid=%d' % os.getuid(), flush=True)",
                "while time.monotonic() < end and not os.path.exists(stop):",
                "    try:",
                "        entries = list(os.scandir(watch))",
                "    except OSError:",
                "        continue",
                "    for e in entries:",
                "        if e.name.startswith('.moved-') or not e.is_dir(follow_symlinks=False):",
                "            continue",
                "        n += 1",
                "        victim = victims[n % len(victims)]",
                "        try:",
                "            if how == 'entry':",
                "                os.rename(e.path, os.path.join(watch, '.moved-%d' % n))",
                "                os.symlink(victim, e.path)",
                "            else:",
                "                fake = os.path.join(parent, 'fake-%d' % n)",
                "                os.mkdir(fake, 0o755)",
                "                os.symlink(victim, os.path.join(fake, e.name))",
                "                os.rename(watch, os.path.join(parent, 'old-%d' % n))",
                "                os.rename(fake, watch)",
                "            swaps += 1",
                "        except OSError as x:",
                "            failed += 1",
                "            last = str(x)",
                "print('swaps=%d failed=%d%s' % (swaps, failed,"
                        + " (' last error: ' + last) if last else ''), flush=True)",
                "");

        private final Process process;
        private final Path out;
        private final Path stopFile;

        private Attacker(Process process, Path out, Path stopFile) {
            this.process = process;
            this.out = out;
            this.stopFile = stopFile;
        }

        static Attacker start(Path work, Path watch, boolean renamesWholeDirectory,
                List<Path> victims) throws IOException, InterruptedException {
            Path script = work.resolve("attacker.py");
            Files.write(script, SCRIPT.getBytes(StandardCharsets.UTF_8));
            Files.setAttribute(script, "unix:mode", 0644, LinkOption.NOFOLLOW_LINKS);
            Path out = work.resolve("attacker.out");
            Path stopFile = work.resolve("attacker.stop");
            List<String> command = new ArrayList<String>();
            command.add(SETPRIV);
            command.add("--reuid=" + ATTACKER);
            command.add("--regid=" + ATTACKER);
            command.add("--clear-groups");
            command.add(PYTHON);
            command.add("-I");
            command.add(script.toString());
            command.add(watch.toString());
            command.add(renamesWholeDirectory ? "parent" : "entry");
            command.add(String.valueOf(ATTACKER_SECONDS));
            command.add(stopFile.toString());
            for (Path v : victims) {
                command.add(v.toString());
            }
            Process p = new ProcessBuilder(command).directory(work.toFile())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            p.getOutputStream().close();
            Attacker a = new Attacker(p, out, stopFile);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!a.output().startsWith("ready uid=" + ATTACKER)) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new AssertionError("the attacker did not start: " + a.output());
                }
                Thread.sleep(10);
            }
            return a;
        }

        private String output() throws IOException {
            return new String(Files.readAllBytes(out), StandardCharsets.UTF_8).trim();
        }

        /** Stops the attacker, killing it if it does not stop, and returns what it printed. */
        String stop() throws IOException, InterruptedException {
            try {
                Files.write(stopFile, new byte[0]);
                process.waitFor(5, TimeUnit.SECONDS);
            } finally {
                if (process.isAlive()) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
            String text = output();
            int nl = text.indexOf('\n');
            return nl < 0 ? text + " (no report)" : text.substring(nl + 1).trim();
        }
    }
}
