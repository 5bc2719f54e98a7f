package io.github.uds4j;

/**
 * What {@link UnixSockets#bind(UnixSocketAddress, BindOptions)} does when something already exists
 * at the path. Whatever the policy, a file that is not a socket (a regular file, a directory, a
 * symbolic link, a fifo, a device) is never removed, and a link is never followed: the bind fails
 * with a {@link java.nio.file.FileAlreadyExistsException} and the file is left as it was.
 */
public enum ExistingFilePolicy {
    /**
     * The default. A socket file that nobody serves (a connect to it is refused) is stale: it is
     * removed and the bind goes ahead. A socket file that a running server answers on is left
     * alone and the bind fails with a {@link java.net.BindException}.
     */
    REPLACE_STALE,
    /** Never remove anything: any file at the path fails the bind. */
    FAIL
}
