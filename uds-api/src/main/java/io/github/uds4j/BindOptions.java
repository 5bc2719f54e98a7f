package io.github.uds4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * How {@link UnixSockets#bind(UnixSocketAddress, BindOptions)} creates a server. Immutable: each
 * method returns a new instance.
 *
 * <pre>{@code
 * BindOptions options = BindOptions.defaults()
 *         .backlog(128)
 *         .permissions(PosixFilePermissions.fromString("rw-------"));
 * }</pre>
 */
public final class BindOptions {
    /**
     * The backlog used when none is given: the most the kernel allows, as Go and Netty choose it.
     * On Linux that is {@code /proc/sys/net/core/somaxconn} (4096 since Linux 5.4, 128 before),
     * read once, when this class is loaded; where it cannot be read (another system, or no
     * {@code /proc}) it is {@value #FALLBACK_BACKLOG}, which the kernel cuts to its own maximum
     * (on macOS {@code kern.ipc.somaxconn}). A value above 65535 is cut to 65535 (Linux before 4.1
     * keeps the backlog in 16 bits).
     *
     * <p>Not Java's 50 ({@link java.net.ServerSocket}): clients that connect without blocking (an
     * event loop such as Python's asyncio or Node.js) can make hundreds of connects at once, and
     * each one that finds the listen queue full fails at once ({@code EAGAIN}) instead of waiting.
     * A queue this long holds such a burst until the server accepts.
     */
    public static final int DEFAULT_BACKLOG = kernelMaximumBacklog();

    /**
     * The default backlog where the kernel's maximum cannot be read: see {@link #DEFAULT_BACKLOG}.
     */
    public static final int FALLBACK_BACKLOG = 4096;

    private static final int MAX_BACKLOG = 65535;

    private static final BindOptions DEFAULTS =
            new BindOptions(DEFAULT_BACKLOG, ExistingFilePolicy.REPLACE_STALE, null, null, null);

    private final int backlog;
    private final ExistingFilePolicy existingFile;
    private final Set<PosixFilePermission> permissions;
    private final String group;
    private final long[] allowedUids;

    private BindOptions(int backlog, ExistingFilePolicy existingFile,
            Set<PosixFilePermission> permissions, String group, long[] allowedUids) {
        this.backlog = backlog;
        this.existingFile = existingFile;
        this.permissions = permissions;
        this.group = group;
        this.allowedUids = allowedUids;
    }

    /**
     * Returns the defaults: backlog {@link #DEFAULT_BACKLOG} (the kernel's maximum), {@link
     * ExistingFilePolicy#REPLACE_STALE}, the mode the umask gives, any peer accepted.
     *
     * @return the default options, the same instance on every call
     */
    public static BindOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns options with the given listen backlog: how many connections the kernel queues
     * before {@link UnixServerSocket#accept()} takes them. While the queue is full, a blocking
     * connect waits for room and a non-blocking one fails. The kernel cuts a value above its
     * maximum to that maximum.
     *
     * @param backlog 1 or more; 0 means {@link #DEFAULT_BACKLOG}
     * @return the new options
     * @throws IllegalArgumentException if {@code backlog} is negative
     */
    public BindOptions backlog(int backlog) {
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog must be 0 or more, was " + backlog);
        }
        return new BindOptions(backlog == 0 ? DEFAULT_BACKLOG : backlog, existingFile,
                permissions, group, allowedUids);
    }

    /**
     * Returns options with the given policy for a file that already exists at the path. By
     * default ({@link ExistingFilePolicy#REPLACE_STALE}) only a stale socket file of the user
     * this process runs as is replaced; another user's is left alone and the bind fails with a
     * {@link java.net.BindException} that names the owner, unless the policy is {@link
     * ExistingFilePolicy#REPLACE_STALE_ANY_OWNER}.
     *
     * @param policy the policy
     * @return the new options
     * @throws NullPointerException if {@code policy} is null
     */
    public BindOptions existingFile(ExistingFilePolicy policy) {
        if (policy == null) {
            throw new NullPointerException("policy == null");
        }
        return new BindOptions(backlog, policy, permissions, group, allowedUids);
    }

    /**
     * Returns options that give the socket file exactly these permissions. The socket is never
     * reachable at its path with a wider mode: it is bound in a fresh private directory beside
     * the path, its mode is set there, and only then is it linked into place. Without this
     * option the file gets the mode a plain {@code bind(2)} gives: 0777 less the process's umask.
     *
     * <p>Every bind, with or without this option, is refused in a directory that another user
     * could tamper with (one writable by group or others without the sticky bit, or owned by a
     * user other than root and this process's; the directories above it too): see {@link
     * UnixSockets#bind(UnixSocketAddress, BindOptions)}.
     *
     * <p>Connecting to a socket needs write permission on it: {@code rw-------} lets only the
     * owner connect, {@code rw-rw----} the owner and the group.
     *
     * @param permissions the mode, for example {@code PosixFilePermissions.fromString("rw-------")}
     * @return the new options
     * @throws NullPointerException if {@code permissions} is null or holds null
     */
    public BindOptions permissions(Set<PosixFilePermission> permissions) {
        if (permissions == null) {
            throw new NullPointerException("permissions == null");
        }
        Set<PosixFilePermission> copy = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : permissions) {
            if (p == null) {
                throw new NullPointerException("permissions contains null");
            }
            copy.add(p);
        }
        return new BindOptions(backlog, existingFile, Collections.unmodifiableSet(copy), group,
                allowedUids);
    }

    /**
     * Returns options that give the socket file this owner group, set with its mode before it
     * is reachable at its path.
     *
     * @param group a group name the process may give files to
     * @return the new options
     * @throws NullPointerException if {@code group} is null
     * @throws IllegalArgumentException if {@code group} is empty
     */
    public BindOptions group(String group) {
        if (group == null) {
            throw new NullPointerException("group == null");
        }
        if (group.isEmpty()) {
            throw new IllegalArgumentException("group is empty");
        }
        return new BindOptions(backlog, existingFile, permissions, group, allowedUids);
    }

    /**
     * Returns options under which the server accepts connections only from peers running as one
     * of these numeric user ids; other peers' connections, and those of peers whose user id
     * cannot be read, are closed at accept time and {@link UnixServerSocket#accept()} waits for
     * the next one. Needs {@link
     * UnixSocketCapability#PEER_CREDENTIALS}.
     *
     * @param uids one or more user ids, each 0 or more
     * @return the new options
     * @throws IllegalArgumentException if no uid is given or one is negative
     */
    public BindOptions allowedUids(long... uids) {
        if (uids == null || uids.length == 0) {
            throw new IllegalArgumentException("allowedUids needs at least one uid");
        }
        long[] copy = uids.clone();
        for (long uid : copy) {
            if (uid < 0) {
                throw new IllegalArgumentException("uid must be 0 or more, was " + uid);
            }
        }
        Arrays.sort(copy);
        return new BindOptions(backlog, existingFile, permissions, group, copy);
    }

    /**
     * Returns {@code /proc/sys/net/core/somaxconn} (at most 65535), or {@value #FALLBACK_BACKLOG}
     * if it cannot be read or is not a positive number.
     */
    private static int kernelMaximumBacklog() {
        // One read: Linux answers a read of a sysctl file at any offset but 0 with the end of the
        // file, so a read that comes back for more (Files.readAllBytes does, the file's size
        // being 0) gets the first byte only.
        byte[] buf = new byte[32];
        int n;
        try (InputStream in = Files.newInputStream(Paths.get("/proc/sys/net/core/somaxconn"))) {
            n = in.read(buf);
        } catch (IOException | SecurityException e) {
            return FALLBACK_BACKLOG;
        }
        try {
            int max = Integer.parseInt(new String(buf, 0, Math.max(n, 0),
                    StandardCharsets.US_ASCII).trim());
            return max > 0 ? Math.min(max, MAX_BACKLOG) : FALLBACK_BACKLOG;
        } catch (NumberFormatException e) {
            return FALLBACK_BACKLOG;
        }
    }

    /**
     * Returns the listen backlog.
     *
     * @return the number of connections the kernel may queue for {@code accept()}
     */
    public int backlog() {
        return backlog;
    }

    /**
     * Returns whether options that concern a socket file differ from the defaults: the
     * permissions, the group, the policy for an existing file. They make no sense for an
     * abstract name.
     */
    boolean hasFileOptions() {
        return permissions != null || group != null
                || existingFile != ExistingFilePolicy.REPLACE_STALE;
    }

    /**
     * Returns the policy for a file that already exists at the path.
     *
     * @return what a bind does with a file it finds at the path
     */
    public ExistingFilePolicy existingFile() {
        return existingFile;
    }

    /**
     * Returns the requested permissions, or null to let the umask decide.
     *
     * @return the socket file's permissions, or null for {@code 0777} less the umask
     */
    public Set<PosixFilePermission> permissions() {
        return permissions;
    }

    /**
     * Returns the requested owner group, or null to keep the process's.
     *
     * @return the name of the socket file's group, or null for the process's group
     */
    public String group() {
        return group;
    }

    /**
     * Returns the allowed peer uids, sorted, or null when every peer is accepted.
     *
     * @return a copy of the allowed uids in ascending order, or null when every peer is accepted
     */
    public long[] allowedUids() {
        return allowedUids == null ? null : allowedUids.clone();
    }

    /** Returns whether a peer with this uid may connect under these options. */
    boolean allows(long uid) {
        return allowedUids == null || Arrays.binarySearch(allowedUids, uid) >= 0;
    }

    @Override
    public String toString() {
        return "BindOptions[backlog=" + backlog + ", existingFile=" + existingFile
                + (permissions == null ? "" : ", permissions=" + permissions)
                + (group == null ? "" : ", group=" + group)
                + (allowedUids == null ? "" : ", allowedUids=" + Arrays.toString(allowedUids))
                + "]";
    }
}
