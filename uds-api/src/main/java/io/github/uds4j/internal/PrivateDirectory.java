package io.github.uds4j.internal;

import io.github.uds4j.UnixSocketAddress;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fresh directory of mode 0700, named {@code .uds4j-xxxxxx}, that only this process uses: a
 * socket is bound in it before it is linked into place, and a file is moved into it to be judged
 * before it is removed. Nothing else can appear in it, so a provider's bind there can neither
 * remove nor follow anyone's file.
 *
 * <p>While it exists it holds a file {@code lock} on which this process holds an exclusive
 * {@code fcntl} lock. A process that is killed leaves the directory but not the lock, and the
 * next {@link #removeDeadBeside} in that directory, by the same user, removes it: the socket {@code
 * s} in it is deleted, and any other file (one moved aside to be judged) is put back at its path
 * in the parent, or the directory is left as it is if that path is taken.
 *
 * <p>It is safe only in a directory that no other user can rename entries of; {@link
 * SocketFiles} checks that before creating one.
 */
public final class PrivateDirectory implements Closeable {
    static final String PREFIX = ".uds4j-";
    private static final int RANDOM_CHARS = 6;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Random RANDOM = new SecureRandom();
    private static final String LOCK = "lock";
    private static final String SOCKET = "s";
    /** A second name for a socket file being judged; as long as {@code s}, so that it fits. */
    private static final String HELD = "h";
    /**
     * In a directory kept for a datagram socket's life ({@link #keepFor}): a symbolic link to
     * the path the socket was published at.
     */
    static final String PUBLISHED = "published";
    /** Names a claim to remove a stale socket file, beside the private directories. */
    static final String CLAIM = PREFIX + "c";
    /** Names a file moved aside to be judged: {@code moved.NAME} for the path {@code NAME}. */
    private static final String MOVED = "moved.";

    /**
     * The private directories of this JVM. Listed before they are created, so that a clean-up
     * in this JVM never opens their lock file: closing any descriptor of a file drops every
     * {@code fcntl} lock the process holds on it.
     */
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel lock;
    private final Set<PosixFilePermission> defaultMode;

    private PrivateDirectory(Path dir, FileChannel lock, Set<PosixFilePermission> defaultMode) {
        this.dir = dir;
        this.lock = lock;
        this.defaultMode = defaultMode;
    }

    /**
     * Creates a private directory in {@code parent}.
     *
     * @param parent a directory that only this user and root can rename entries of
     * @param forPath the socket path it is for, named in errors
     * @throws AccessDeniedException if {@code parent} cannot be written
     * @throws IOException if the directory cannot be created or locked
     */
    static PrivateDirectory create(Path parent, String forPath) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path dir = parent.resolve(randomName());
            LIVE.add(dir);
            boolean done = false;
            try {
                // The default mode first: it is the mode bind(2) gives a socket (0777 less the
                // umask). The directory is empty while it is that wide.
                Files.createDirectory(dir);
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir,
                        LinkOption.NOFOLLOW_LINKS);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                FileChannel channel = lockIn(dir);
                if (channel != null) {
                    done = true;
                    return new PrivateDirectory(dir, channel, mode);
                }
                // A clean-up in another process took it for a dead one: use another name.
            } catch (NoSuchFileException e) {
                // Removed by such a clean-up while still empty, before it held its lock.
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            } catch (AccessDeniedException e) {
                throw Failures.withCause(new AccessDeniedException(forPath, null,
                        "Permission denied (cannot create a private directory in " + parent + ")"),
                        e);
            } finally {
                if (!done) {
                    LIVE.remove(dir);
                }
            }
            if (attempt >= 100) {
                throw new IOException(forPath + ": cannot create a private directory in " + parent);
            }
        }
    }

    /** Creates and locks {@code dir/lock}; null if the directory went away meanwhile. */
    private static FileChannel lockIn(Path dir) throws IOException {
        Path path = dir.resolve(LOCK);
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        boolean locked = false;
        try {
            FileLock l = channel.tryLock(); // null only if a clean-up holds it right now
            // Locked, and still the directory's own lock file: no clean-up removed it first.
            locked = l != null && Files.exists(path, LinkOption.NOFOLLOW_LINKS);
            return locked ? channel : null;
        } finally {
            if (!locked) {
                channel.close();
                removeQuietly(path);
                removeQuietly(dir);
            }
        }
    }

    private static String randomName() {
        StringBuilder b = new StringBuilder(PREFIX);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /**
     * Returns the address of the socket to bind in this directory.
     *
     * @param forPath the socket path it is for, named in the error
     * @throws FileSystemException if that address would be over {@link
     *     UnixSocketAddress#MAX_PATH_BYTES}
     */
    UnixSocketAddress socketAddress(String forPath) throws FileSystemException {
        Path socket = dir.resolve(SOCKET);
        try {
            return UnixSocketAddress.of(socket);
        } catch (InvalidPathException e) {
            int dirBytes = UnixSocketAddress.MAX_PATH_BYTES - (socket.toString().length()
                    - dir.getParent().toString().length());
            throw Failures.withCause(new FileSystemException(forPath, null, "cannot be bound"
                    + " safely: the socket is bound first at " + socket + ", which is over the"
                    + " limit of " + UnixSocketAddress.MAX_PATH_BYTES + " bytes; use a directory"
                    + " path of at most " + dirBytes + " bytes"), e);
        }
    }

    /**
     * Keeps this directory for the life of the socket bound in it, whose kernel name ({@code
     * getsockname}, the sender address its datagrams carry) is the path of {@link #SOCKET}
     * here: a receiver that replies to that name must reach it. Other users may then pass
     * through the directory (mode 0711: they reach the socket by that name if its own mode lets
     * them, as at its published path, and cannot list or change anything), and a link {@link
     * #PUBLISHED} says where the socket was published, so that uds4j receivers can report that
     * name instead ({@link SocketFiles#publishedName}).
     *
     * @param published the path the socket was linked to
     */
    void keepFor(Path published) throws IOException {
        Files.setPosixFilePermissions(dir.resolve(LOCK),
                PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(dir.resolve(PUBLISHED), published);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
    }

    /**
     * Returns the path of the socket bound in this directory.
     *
     * @return {@code DIR/s}, the path the backend binds at
     */
    public Path socketPath() {
        return dir.resolve(SOCKET);
    }

    /** Returns the mode a socket file gets from {@code bind(2)} here: 0777 less the umask. */
    Set<PosixFilePermission> defaultMode() {
        return defaultMode;
    }

    /**
     * Hard-links the socket bound here to {@code target}; {@code link(2)} never replaces a file.
     *
     * @return false if a file is at {@code target}
     */
    boolean linkSocketTo(Path target) throws IOException {
        try {
            Files.createLink(target, socketPath());
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (NoSuchFileException e) {
            if (Files.exists(socketPath(), LinkOption.NOFOLLOW_LINKS)) {
                throw e;
            }
            // Seen twice in about 60,000 two-JVM races on Java 25, cause not yet found: the
            // private name went away before it was published. Nothing was published; the
            // socket has no name any more, so this bind cannot win.
            throw Failures.withCause(new java.net.BindException(target + ": the socket's private"
                    + " name " + socketPath() + " went away before it was published; nothing"
                    + " was published"), e);
        }
    }

    /**
     * Hard-links the file at {@code target} into this directory, so that its inode stays
     * allocated, and its number unique, until {@link #release}; {@code link(2)} does not follow
     * a symbolic link.
     *
     * @return the address of the link, to connect through; null if nothing is at {@code target}
     * @throws AccessDeniedException if this user may not link that file (another user's, under
     *     {@code fs.protected_hardlinks})
     */
    UnixSocketAddress hold(Path target) throws IOException {
        Path held = dir.resolve(HELD);
        try {
            Files.createLink(held, target);
        } catch (NoSuchFileException e) {
            return null;
        } catch (AccessDeniedException e) {
            throw Failures.withCause(new AccessDeniedException(target.toString(), null,
                    "a socket file of another user is there and cannot be checked safely (this"
                    + " user may not hard-link it); left alone"), e);
        } catch (FileSystemException e) {
            if (Failures.says(e, "not permitted")) {
                throw Failures.withCause(new AccessDeniedException(target.toString(), null,
                        "a socket file of another user is there and cannot be checked safely"
                        + " (this user may not hard-link it); left alone"), e);
            }
            throw e;
        }
        return UnixSocketAddress.of(held);
    }

    /** Removes the link {@link #hold} made. */
    void release(UnixSocketAddress held) throws IOException {
        Files.deleteIfExists(held.getPath());
    }

    /**
     * Claims the right to remove a stale socket file, for binders that found the same one: a
     * symbolic link {@code .uds4j-c<name>} beside this directory, pointing to it, created only if
     * none is there. A claim whose directory belongs to a dead process is removed and taken.
     *
     * @param name what names the file, unique while it is held
     * @return the claim, to give to {@link #unclaim}; null if a live binder holds it
     */
    String claim(String name) throws IOException {
        Path claim = dir.resolveSibling(CLAIM + name);
        Path mine = dir.getFileName();
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Files.createSymbolicLink(claim, mine);
                return claim.getFileName().toString();
            } catch (FileAlreadyExistsException e) {
                Path holder;
                try {
                    holder = Files.readSymbolicLink(claim);
                } catch (NoSuchFileException | java.nio.file.NotLinkException gone) {
                    continue;
                }
                if (isAlive(dir.resolveSibling(holder.toString()))) {
                    return null;
                }
                removeClaim(claim, holder);
            }
        }
        return null;
    }

    /** Removes the claim {@link #claim} took, if it is still this directory's. */
    void unclaim(String claim) throws IOException {
        removeClaim(dir.resolveSibling(claim), dir.getFileName());
    }

    /** Removes the claim at {@code claim} if it points to {@code holder}, judged aside. */
    private void removeClaim(Path claim, Path holder) throws IOException {
        Path aside = dir.resolve(MOVED + claim.getFileName());
        try {
            Files.move(claim, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return;
        }
        if (holder.equals(Files.readSymbolicLink(aside)) || !putBack(aside, claim)) {
            Files.deleteIfExists(aside); // another live claim took its place: it stays
        }
    }

    /** Returns whether the private directory {@code dir} belongs to a live process. */
    private static boolean isAlive(Path dir) throws IOException {
        if (LIVE.contains(dir)) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            FileLock held = channel.tryLock();
            if (held == null) {
                return true;
            }
            held.release();
            return false;
        } catch (OverlappingFileLockException | AccessDeniedException e) {
            return true; // this JVM's, or another user's: cannot tell, so taken as alive
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * Removes the file at {@code target} if it is the file {@code identity} names: it is moved
     * into this directory first, atomically, and judged there, where nothing can change it. A
     * file that turns out to be another one is put back.
     *
     * @return whether the file was removed; false if it was another file or none
     * @throws java.net.BindException if another file was moved aside and a third took its path
     *     meanwhile; it is then kept beside the path and the message says where
     */
    boolean removeIfSame(Path target, Object identity) throws IOException {
        if (!identity.equals(FileKind.identity(target))) {
            return false; // not there any more: nothing to move
        }
        Path aside = dir.resolve(MOVED + target.getFileName());
        try {
            Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return false;
        }
        if (identity.equals(FileKind.identity(aside))) {
            Files.delete(aside);
            return true;
        }
        if (!putBack(aside, target)) {
            Path saved = target.resolveSibling(target.getFileName() + ".uds4j-saved-"
                    + randomName().substring(PREFIX.length()));
            putBack(aside, saved);
            throw new java.net.BindException(target + ": the file at the path changed while it"
                    + " was checked, and another took its place meanwhile; the first was kept as "
                    + saved);
        }
        return false;
    }

    /**
     * Puts the file at {@code from} back at {@code to} without replacing anything there.
     *
     * @return false if a file is at {@code to}
     */
    private static boolean putBack(Path from, Path to) throws IOException {
        if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.move(from, to); // checks that nothing is there, then renames
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }
        try {
            Files.createLink(to, from);
        } catch (FileAlreadyExistsException e) {
            return false;
        }
        Files.delete(from);
        return true;
    }

    /**
     * Removes the directory and what this process put in it, then releases the lock. Never
     * throws: what cannot be removed is a dead process's directory once the lock is released,
     * and the next {@link #removeDeadBeside} removes it.
     */
    @Override
    public void close() {
        try {
            removeQuietly(dir.resolve(PUBLISHED));
            removeQuietly(dir.resolve(SOCKET));
            removeQuietly(dir.resolve(HELD));
            removeQuietly(dir.resolve(LOCK));
            removeQuietly(dir);
        } finally {
            try {
                lock.close();
            } catch (IOException e) {
                // the lock is released with the descriptor either way
            }
            LIVE.remove(dir);
        }
    }

    private static void removeQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // left for the next clean-up
        }
    }

    /**
     * Removes what processes of this user left beside this directory when they were killed:
     * their private directories, and their claims ({@link #claim}). A directory whose lock a
     * live process holds, one of this JVM, and one of another user are left alone. Never
     * throws: the clean-up is best effort.
     */
    void removeDeadBeside() {
        List<Path> found = new ArrayList<Path>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.getParent(), PREFIX + "*")) {
            for (Path p : s) {
                if (!LIVE.contains(p)) {
                    found.add(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            return;
        }
        for (Path p : found) {
            try {
                String name = p.getFileName().toString();
                if (name.startsWith(CLAIM) && Files.isSymbolicLink(p)) {
                    Path holder = Files.readSymbolicLink(p);
                    if (!isAlive(dir.resolveSibling(holder.toString()))) {
                        removeClaim(p, holder);
                    }
                } else if (name.length() == PREFIX.length() + RANDOM_CHARS) {
                    removeIfDead(p);
                }
            } catch (IOException | RuntimeException e) {
                // left as it is
            }
        }
    }

    private static void removeIfDead(Path dir) throws IOException {
        Map<String, Object> a = Files.readAttributes(dir, "unix:mode,uid",
                LinkOption.NOFOLLOW_LINKS);
        if (FileKind.ofMode((Integer) a.get("mode")) != FileKind.DIRECTORY
                || ((Integer) a.get("uid")).longValue() != Users.effectiveUid()) {
            return;
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            // Killed before it locked: empty, or it would hold a lock. rmdir fails if not empty;
            // a live process that loses it this way takes another name.
            removeQuietly(dir);
            return;
        }
        try {
            FileLock held;
            try {
                held = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                return; // this JVM's after all
            }
            if (held == null) {
                return; // alive
            }
            List<Path> entries = new ArrayList<Path>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                for (Path p : s) {
                    entries.add(p);
                }
            }
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.equals(LOCK)) {
                    continue;
                }
                if ((name.equals(SOCKET) || name.equals(HELD)) && FileKind.of(p) == FileKind.SOCKET) {
                    Files.delete(p); // its bind's socket, or a second name of one
                } else if (name.equals(PUBLISHED) && Files.isSymbolicLink(p)) {
                    Files.delete(p); // a kept directory's note of where its socket was
                } else if (!name.startsWith(MOVED)
                        || !putBack(p, dir.resolveSibling(name.substring(MOVED.length())))) {
                    return; // not ours, or its path is taken: keep it here rather than lose it
                }
            }
            Files.delete(dir.resolve(LOCK));
            Files.delete(dir);
        } finally {
            channel.close();
        }
    }
}
