package io.github.uds4j.internal;

import io.github.uds4j.BindOptions;
import io.github.uds4j.ExistingFilePolicy;
import io.github.uds4j.UnixSocketAddress;
import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Map;
import java.util.Set;

/**
 * Everything that touches a socket file, once, for every provider and every kind of socket:
 * probe, replace stale, bind privately, set mode and group, publish, and remove on close.
 *
 * <p>A bind reads top to bottom in {@link #bind}:
 * <ol>
 *   <li>the socket's directory is resolved to its real path and checked: it and every directory
 *       above it must be safe from other users (owned by root or this user, and writable by
 *       nobody else unless sticky), or the bind is refused; every later path operation goes
 *       through that real path, so no link can redirect it;
 *   <li>the provider binds in a fresh private directory ({@link PrivateDirectory}), where
 *       nothing else can be, and the socket gets its mode and group there; what killed
 *       processes of this user left beside it is removed;
 *   <li>it is published with {@code link(2)}, which never replaces a file. If a file is in the
 *       way, it is judged: a socket file is hard-linked into the private directory (which keeps
 *       its inode number unique) and probed through that link. A stale one of this user is then
 *       claimed (binders that found the same one take turns), moved aside atomically, checked to
 *       be the very file that was probed, and removed; anything else is left alone (and put back
 *       if it was moved) and the bind fails.
 * </ol>
 * Errors are mapped to the standard types with the published path in the message at the edge.
 *
 * <p>Unsupported API: for uds4j's own modules only.
 */
public final class SocketFiles {
    /** How long the probe of an existing socket file waits for a server to answer. */
    public static final long PROBE_TIMEOUT_MILLIS = 2000;
    /** How often the file in the way is judged before the bind gives up. */
    private static final int ATTEMPTS = 8;

    private SocketFiles() {}

    /** What the mechanism needs from a kind of socket: bind it, and probe a socket file. */
    public interface Binding<T extends Closeable> {
        /**
         * Binds a new socket at {@code privatePath}, in a directory only this process uses.
         *
         * @param privatePath where to bind; the mechanism links the file into place afterwards
         * @return the bound socket, listening if it is a stream server
         * @throws IOException any failure; it is mapped to the published path's error
         */
        T bind(UnixSocketAddress privatePath) throws IOException;

        /**
         * Connects to the socket file at {@code address} and closes the connection; returns
         * normally if a server answered.
         *
         * @param address the socket file to try
         * @param timeoutMillis the longest the connect may take
         * @throws IOException the failure, {@link ConnectException} if refused
         */
        void probe(UnixSocketAddress address, long timeoutMillis) throws IOException;

        /**
         * Whether the private directory is kept for the socket's life: its kernel name is the
         * private path, and peers use that name (a datagram socket's sender address), so it
         * must keep reaching the socket. See {@link PrivateDirectory#keepFor}.
         *
         * @return false by default: the directory goes once the socket is published
         */
        default boolean keepsPrivateName() {
            return false;
        }
    }

    /**
     * Creates the socket file at {@code address} with {@code options}.
     *
     * @param <T> the kind of socket
     * @param address the path to publish the socket at (not an abstract name)
     * @param options the permissions, group and existing-file policy to apply
     * @param binding binds the socket in the private directory and probes files in the way
     * @return the bound socket and its published file
     * @throws AccessDeniedException if the directory or one above it is not safe from other
     *     users, or for lack of permission
     * @throws BindException if a server answers at the path, or a stale socket file of another
     *     user is there, or another binder won
     * @throws FileAlreadyExistsException if a file that is not a socket is at the path
     * @throws IOException any other failure, naming the path
     */
    public static <T extends Closeable> Published<T> bind(UnixSocketAddress address,
            BindOptions options, Binding<T> binding) throws IOException {
        Place place = Place.of(address);
        PrivateDirectory scratch = PrivateDirectory.create(place.dir, place.name);
        boolean kept = false;
        try {
            scratch.removeDeadBeside();
            UnixSocketAddress privatePath = scratch.socketAddress(place.name);
            T socket;
            try {
                socket = binding.bind(privatePath);
            } catch (IOException e) {
                throw Failures.bind(address, e);
            }
            try {
                Object identity = setModeAndGroup(place, scratch, options);
                boolean replaced = publish(place, scratch, options.existingFile(), binding);
                if (!binding.keepsPrivateName()) {
                    return new Published<T>(socket, place, identity, replaced, null);
                }
                scratch.keepFor(place.path);
                kept = true;
                return new Published<T>(socket, place, identity, replaced, scratch);
            } catch (IOException | RuntimeException | Error e) {
                ProviderSupport.closeAfterFailure(socket, e);
                throw e;
            }
        } finally {
            if (!kept) {
                scratch.close();
            }
        }
    }

    private static final int NAMES_CACHED = 256;
    private static final Map<String, UnixSocketAddress> PUBLISHED_NAMES =
            new java.util.LinkedHashMap<String, UnixSocketAddress>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, UnixSocketAddress> e) {
                    return size() > NAMES_CACHED;
                }
            };

    /**
     * Returns the path a socket was published at, given the name the kernel knows it by: a
     * socket bound by uds4j in a kept private directory ({@link Binding#keepsPrivateName()})
     * has that directory's path as its kernel name, and a link there names where it was
     * published. Returns {@code name} itself for any other name, or when the link is gone or no
     * longer leads to the same socket file. Answers are cached (256 names).
     *
     * @param name a sender's address as the kernel reports it
     * @return the published address, absolute, or {@code name}
     */
    public static UnixSocketAddress publishedName(UnixSocketAddress name) {
        if (name.isAbstract()) {
            return name;
        }
        String text = name.toString();
        if (!text.endsWith("/s") || !text.contains("/" + PrivateDirectory.PREFIX)) {
            return name;
        }
        synchronized (PUBLISHED_NAMES) {
            UnixSocketAddress known = PUBLISHED_NAMES.get(text);
            if (known != null) {
                return known;
            }
        }
        Path socket = name.getPath();
        Path dir = socket.getParent();
        if (dir == null || dir.getFileName() == null
                || !dir.getFileName().toString().startsWith(PrivateDirectory.PREFIX)) {
            return name;
        }
        try {
            Path published = Files.readSymbolicLink(dir.resolve(PrivateDirectory.PUBLISHED));
            Object a = FileKind.identity(socket);
            if (a == null || !a.equals(FileKind.identity(published))) {
                return name;
            }
            UnixSocketAddress found = UnixSocketAddress.of(published);
            synchronized (PUBLISHED_NAMES) {
                PUBLISHED_NAMES.put(text, found);
            }
            return found;
        } catch (IOException | RuntimeException e) {
            return name; // not a kept directory, gone, or a name uds4j cannot represent
        }
    }

    private static Object setModeAndGroup(Place place, PrivateDirectory scratch,
            BindOptions options) throws IOException {
        Path socket = scratch.socketPath();
        Set<PosixFilePermission> mode = options.permissions() != null ? options.permissions()
                : scratch.defaultMode(); // providers differ here; bind(2) gives this one
        Files.setPosixFilePermissions(socket, mode);
        if (options.group() != null) {
            PosixFileAttributeView view = Files.getFileAttributeView(socket,
                    PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            GroupPrincipal group;
            try {
                group = socket.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByGroupName(options.group());
            } catch (UserPrincipalNotFoundException e) {
                throw Failures.withCause(new GroupNotFoundException(place.name,
                        options.group()), e);
            }
            view.setGroup(group);
        }
        return FileKind.identity(socket);
    }

    /**
     * Links the socket into place, judging whatever is in the way.
     *
     * <p>A socket file in the way is first hard-linked into the private directory: while that
     * link exists its inode cannot be freed, so its number cannot pass to a new file (ext4 gives
     * a socket created at the same path the same number again), and the probe connects through
     * it, so the answer is about that very file. Only then is the file at the path moved aside
     * and compared with it.
     *
     * @return whether a stale socket file was removed
     */
    private static boolean publish(Place place, PrivateDirectory scratch,
            ExistingFilePolicy policy, Binding<?> binding) throws IOException {
        boolean replaced = false;
        long deadline = System.nanoTime() + PROBE_TIMEOUT_MILLIS * 1_000_000L;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (scratch.linkSocketTo(place.path)) {
                return replaced;
            }
            Existing found = Existing.at(place.path);
            if (found == null) {
                continue; // gone meanwhile
            }
            if (found.kind != FileKind.SOCKET) {
                throw new FileAlreadyExistsException(place.name, null,
                        "exists and is " + found.kind.description() + ", not a socket; left alone");
            }
            if (policy == ExistingFilePolicy.FAIL) {
                throw new BindException(place.name + ": a socket file already exists there"
                        + " (ExistingFilePolicy.FAIL); left alone");
            }
            UnixSocketAddress held = scratch.hold(place.path);
            if (held == null) {
                continue; // gone meanwhile
            }
            try {
                Existing socket = Existing.at(held.getPath());
                if (socket.kind != FileKind.SOCKET) {
                    continue; // replaced by another kind of file since: judge that one
                }
                judgeStale(place, socket, probe(held, binding), policy);
                // Binders that found the same stale file take turns: one removes it, and the
                // others then find the path free, or the winner's socket there.
                String claim = scratch.claim(socket.claimName());
                if (claim == null) {
                    attempt--;
                    if (System.nanoTime() - deadline > 0) {
                        throw new BindException(place.name + ": another process has been"
                                + " replacing the stale socket file there for over "
                                + PROBE_TIMEOUT_MILLIS + " ms; left alone");
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                    continue;
                }
                try {
                    if (scratch.removeIfSame(place.path, socket.identity)) {
                        replaced = true;
                    }
                } finally {
                    scratch.unclaim(claim);
                }
            } finally {
                scratch.release(held);
            }
        }
        throw new BindException(place.name + ": the file at the path kept changing while it was"
                + " checked; left alone");
    }

    /**
     * Returns normally if the socket file is stale and may be replaced under {@code policy};
     * otherwise throws why not.
     *
     * @param refusal what the probe of the file said: null if a server answered
     */
    private static void judgeStale(Place place, Existing socket, IOException refusal,
            ExistingFilePolicy policy) throws IOException {
        if (refusal == null || Failures.says(refusal, "wrong type")) {
            // EPROTOTYPE: a server of another type, such as a datagram socket, is bound there.
            throw Failures.withCause(new BindException(place.name
                    + ": is in use by a running server; left alone"), refusal);
        }
        if (refusal instanceof SocketTimeoutException) {
            throw Failures.withCause(new BindException(place.name + ": is in use by a running"
                    + " server (it did not accept within " + PROBE_TIMEOUT_MILLIS
                    + " ms; its backlog may be full); left alone"), refusal);
        }
        if (refusal instanceof AccessDeniedException || Failures.says(refusal,
                "permission denied")) {
            throw Failures.withCause(new AccessDeniedException(place.name, null,
                    "a socket file exists and cannot be probed (Permission denied); left alone"),
                    refusal);
        }
        if (!(refusal instanceof ConnectException) && !Failures.says(refusal, "refused")) {
            throw Failures.withCause(new BindException(place.name + ": a socket file is there"
                    + " and its probe failed (" + refusal.getMessage() + "); left alone"),
                    refusal);
        }
        if (socket.uid != Users.effectiveUid()
                && policy != ExistingFilePolicy.REPLACE_STALE_ANY_OWNER) {
            throw new BindException(place.name + ": a stale socket file owned by "
                    + Users.describe(socket.uid, place.path) + " is there; left alone"
                    + " (ExistingFilePolicy.REPLACE_STALE_ANY_OWNER replaces it)");
        }
    }

    /** Connects to the socket file: null if a server answered, else the provider's failure. */
    private static IOException probe(UnixSocketAddress address, Binding<?> binding) {
        try {
            binding.probe(address, PROBE_TIMEOUT_MILLIS);
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    /**
     * Creates a private directory for a socket that lives only while a pair of connected
     * sockets is made through it: in {@code java.io.tmpdir}, or in {@code /tmp} where the
     * socket's path there would be too long. The directory is checked as a bind's would be, and
     * the leftovers of killed processes there are removed, once per JVM.
     *
     * @return the directory; close it to remove it
     * @throws IOException if it cannot be made, or the temporary directory is not safe
     */
    public static PrivateDirectory pairDirectory() throws IOException {
        Path tmp = Paths.get(System.getProperty("java.io.tmpdir", "/tmp")).toAbsolutePath();
        try {
            UnixSocketAddress.of(tmp.resolve(PrivateDirectory.PREFIX + "xxxxxx/s"));
        } catch (java.nio.file.InvalidPathException e) {
            tmp = Paths.get("/tmp");
        }
        Place place = Place.of(UnixSocketAddress.of(tmp.resolve("pair")));
        PrivateDirectory dir = PrivateDirectory.create(place.dir, place.dir.toString());
        if (PAIR_DIRECTORIES_CLEANED.add(place.dir)) {
            dir.removeDeadBeside();
        }
        return dir;
    }

    private static final Set<Path> PAIR_DIRECTORIES_CLEANED =
            java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The group of {@link BindOptions#group} does not exist; the message says so. */
    static final class GroupNotFoundException extends UserPrincipalNotFoundException {
        private static final long serialVersionUID = 1L;
        private final String path;

        GroupNotFoundException(String path, String group) {
            super(group);
            this.path = path;
        }

        @Override
        public String getMessage() {
            return path + ": no group named '" + getName() + "' (BindOptions.group); nothing was"
                    + " created";
        }
    }

    /** A socket file that a bind published, and the socket bound to it. */
    public static final class Published<T> {
        private final T socket;
        private final Place place;
        private final Object identity;
        private final boolean replacedStaleFile;
        /** The private directory kept for the socket's life, or null. */
        private final PrivateDirectory kept;

        Published(T socket, Place place, Object identity, boolean replacedStaleFile,
                PrivateDirectory kept) {
            this.socket = socket;
            this.place = place;
            this.identity = identity;
            this.replacedStaleFile = replacedStaleFile;
            this.kept = kept;
        }

        /**
         * Returns the bound socket.
         *
         * @return the socket the {@link Binding} made, reachable at the published path
         */
        public T socket() {
            return socket;
        }

        /**
         * Returns whether a stale socket file was removed to make room.
         *
         * @return true if a socket file nobody served was at the path and is gone
         */
        public boolean replacedStaleFile() {
            return replacedStaleFile;
        }

        /**
         * Removes the published file if it is still the one this bind created: it is moved
         * aside atomically and checked there, and put back if it is another server's. Call it
         * while the socket is still open: a bound socket keeps its file's inode, so no other
         * file can have its number until it is closed.
         *
         * @throws IOException if the file cannot be removed
         */
        public void remove() throws IOException {
            try {
                if (!identity.equals(FileKind.identity(place.path))) {
                    return; // gone, or another file: not ours to touch (checked again aside)
                }
                if (kept != null) {
                    kept.removeIfSame(place.path, identity);
                    return;
                }
                try (PrivateDirectory scratch = PrivateDirectory.create(place.dir, place.name)) {
                    scratch.removeIfSame(place.path, identity);
                } catch (NoSuchFileException e) {
                    // the directory is gone, and the file with it
                }
            } finally {
                if (kept != null) {
                    kept.close();
                }
            }
        }
    }

    /** Where a socket file goes: the real directory, checked, and the path in it. */
    static final class Place {
        final UnixSocketAddress address;
        final String name;
        final Path dir;
        final Path path;

        private Place(UnixSocketAddress address, Path dir, Path path) {
            this.address = address;
            this.name = address.toString();
            this.dir = dir;
            this.path = path;
        }

        /**
         * Resolves the address's directory to its real path and checks that no other user can
         * rename entries in it or in a directory above it.
         */
        static Place of(UnixSocketAddress address) throws IOException {
            String name = address.toString();
            Path absolute = address.getPath().toAbsolutePath();
            IOException missing = Failures.missing(name, absolute, null);
            if (missing != null) {
                throw missing;
            }
            Path dir;
            try {
                dir = absolute.getParent().toRealPath();
            } catch (NoSuchFileException e) {
                throw Failures.withCause(new NoSuchFileException(name, null,
                        "parent directory " + absolute.getParent() + " does not exist"), e);
            } catch (AccessDeniedException e) {
                throw Failures.withCause(new AccessDeniedException(name, null,
                        "Permission denied"), e);
            }
            for (Path d = dir; d != null; d = d.getParent()) {
                checkSafe(name, d);
            }
            return new Place(address, dir, dir.resolve(absolute.getFileName().toString()));
        }

        private static void checkSafe(String name, Path d) throws IOException {
            Map<String, Object> a;
            try {
                a = Files.readAttributes(d, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                return; // no Unix attributes: no Unix users to guard against
            }
            long uid = ((Integer) a.get("uid")).longValue();
            int mode = (Integer) a.get("mode");
            if (uid != 0 && uid != Users.effectiveUid()) {
                throw new AccessDeniedException(name, d.toString(), "refused to bind: the"
                        + " directory is owned by " + Users.describe(uid, d) + ", who could"
                        + " swap what this bind creates in it for a link; bind in a directory"
                        + " owned by this user or root");
            }
            boolean sticky = (mode & 01000) != 0;
            if ((mode & 0022) != 0 && !sticky) {
                throw new AccessDeniedException(name, d.toString(), "refused to bind: the"
                        + " directory is writable by other users (" + ((mode & 0002) != 0
                        ? "everyone" : "its group") + ", mode " + Integer.toOctalString(mode & 07777)
                        + ") without the sticky bit, so another user could swap what this bind"
                        + " creates in it for a link; bind in a directory only this user and"
                        + " root can write, or one with the sticky bit");
            }
        }
    }

    /** What a file is, who owns it, and which file it is, from one {@code lstat}. */
    static final class Existing {
        final FileKind kind;
        final long uid;
        final Object identity;
        final long device;
        final long inode;

        private Existing(FileKind kind, long uid, Object identity, long device, long inode) {
            this.kind = kind;
            this.uid = uid;
            this.identity = identity;
            this.device = device;
            this.inode = inode;
        }

        /**
         * Names the claim of a binder that removes this file: unique while the file is held
         * (see {@link PrivateDirectory#hold}), since its inode stays allocated.
         */
        String claimName() {
            return Long.toString(device, 36) + "-" + Long.toString(inode, 36);
        }

        /** Returns what is at {@code path}, or null if nothing is. */
        static Existing at(Path path) throws IOException {
            Map<String, Object> a;
            try {
                a = Files.readAttributes(path, "unix:mode,uid,fileKey,dev,ino",
                        LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return null;
            }
            return new Existing(FileKind.ofMode((Integer) a.get("mode")),
                    ((Integer) a.get("uid")).longValue(), a.get("fileKey"),
                    (Long) a.get("dev"), (Long) a.get("ino"));
        }
    }
}
