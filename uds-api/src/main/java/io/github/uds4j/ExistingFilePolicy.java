package io.github.uds4j;

/**
 * What {@link UnixSockets#bind(UnixSocketAddress, BindOptions)} does when something already exists
 * at the path. Whatever the policy, a file that is not a socket (a regular file, a directory, a
 * symbolic link, a fifo, a device) is never removed, and a link is never followed: the bind fails
 * with a {@link java.nio.file.FileAlreadyExistsException} and the file is left as it was.
 *
 * <p>A socket file is removed only after it was moved aside atomically and found to be the very
 * file (device and inode) that was probed; anything else that was moved aside is put back at
 * its path. So concurrent binders, a server closing at the same moment, or a file renamed over
 * the socket during the bind never lose a file.
 */
public enum ExistingFilePolicy {
    /**
     * The default. A socket file that nobody serves (a connect to it is refused) is stale: if it
     * belongs to the user this process runs as, it is removed and the bind goes ahead. A stale
     * socket file of another user is left alone and the bind fails with a {@link
     * java.net.BindException} that names its owner (use {@link #REPLACE_STALE_ANY_OWNER} to
     * replace it). A socket file that a running server answers on is left alone and the bind
     * fails with a {@link java.net.BindException}.
     */
    REPLACE_STALE,
    /**
     * As {@link #REPLACE_STALE}, but a stale socket file is replaced whoever owns it (where the
     * directory lets this process remove it; root in a sticky directory can).
     */
    REPLACE_STALE_ANY_OWNER,
    /** Never remove anything: any file at the path fails the bind. */
    FAIL
}
