package io.github.uds4j.internal;

import io.github.uds4j.UnixSocketAddress;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Maps a backend's failure to the standard exception type, with the path in the message, the
 * same way for every backend. The backend's exception is kept as the cause. What the file system
 * shows at the path decides where the kernel's message is vague.
 */
public final class Failures {
    private Failures() {}

    /**
     * Maps a failed connect to {@code address}.
     *
     * @param address where the connect went
     * @param e what the backend threw
     * @return the exception to throw: {@code e} itself for a timeout or an interrupt, otherwise one of the standard types (the README's "Errors") naming the path, with {@code e} as its cause
     */
    public static IOException connect(UnixSocketAddress address, IOException e) {
        if (e instanceof SocketTimeoutException || e instanceof ClosedByInterruptException) {
            return e;
        }
        String path = address.toString();
        if (says(e, "permission denied") || e instanceof AccessDeniedException) {
            return withCause(new AccessDeniedException(path, null, "Permission denied"), e);
        }
        if (address.isAbstract()) {
            if (says(e, "wrong type")) {
                return withCause(new FileSystemException(path, null, "is a socket of another"
                        + " type"), e);
            }
            if (says(e, "refused") || e instanceof ConnectException) {
                // Linux keeps abstract names per socket type: a name held only by a socket of
                // another type refuses too (ECONNREFUSED, not EPROTOTYPE as for a file).
                return withCause(new ConnectException(path + ": Connection refused (no socket"
                        + " of this type is bound to this abstract name)"), e);
            }
            return withCause(new IOException(path + ": " + e.getMessage()), e);
        }
        Path p = address.getPath();
        IOException missing = missing(path, p, e);
        if (missing != null) {
            return missing;
        }
        FileKind kind = kindOrNull(p);
        if (kind == FileKind.NONE) {
            return withCause(new NoSuchFileException(path, null, "No such file or directory"), e);
        }
        if (kind == FileKind.SYMLINK) {
            // connect(2) follows links: judge the file the link points to.
            IOException broken = brokenLink(path, p, e);
            if (broken != null) {
                return broken;
            }
            kind = kindOrNull(p, true);
        }
        if (kind != null && kind != FileKind.SOCKET && kind != FileKind.NONE) {
            return withCause(new FileSystemException(path, null,
                    "is " + kind.description() + ", not a socket"), e);
        }
        if (says(e, "wrong type")) {
            return withCause(new FileSystemException(path, null, "is a socket of another type"),
                    e);
        }
        if (says(e, "refused") || e instanceof ConnectException) {
            return withCause(new ConnectException(path
                    + ": Connection refused (no server is listening on this socket file)"), e);
        }
        return withCause(new IOException(path + ": " + e.getMessage()), e);
    }

    /**
     * Maps a failed bind to {@code address}.
     *
     * @param address where the bind went
     * @param e what the backend threw
     * @return the exception to throw: {@code e} itself if it already names the path, otherwise one of the standard types (the README's "Errors") naming the path, with {@code e} as its cause
     */
    public static IOException bind(UnixSocketAddress address, IOException e) {
        if (e instanceof FileSystemException && address.toString().equals(
                ((FileSystemException) e).getFile())) {
            return e; // already ours
        }
        String path = address.toString();
        if (address.isAbstract()) {
            if (says(e, "address already in use") || e instanceof BindException) {
                return withCause(new BindException(path + ": the abstract name is in use"), e);
            }
            return withCause(new IOException(path + ": " + e.getMessage()), e);
        }
        if (says(e, "permission denied") || e instanceof AccessDeniedException) {
            return withCause(new AccessDeniedException(path, null, "Permission denied"), e);
        }
        IOException missing = missing(path, address.getPath(), e);
        if (missing != null) {
            return missing;
        }
        if (says(e, "address already in use") || e instanceof BindException
                || kindOrNull(address.getPath()) != FileKind.NONE) {
            return withCause(new BindException(path + ": Address already in use"), e);
        }
        return withCause(new IOException(path + ": " + e.getMessage()), e);
    }

    /**
     * Explains a path whose file or parent directory is missing, or null if neither is.
     *
     * @param path the path as the message shows it
     * @param p the path to look at
     * @param cause the failure to attach as the cause
     * @return a {@code NoSuchFileException} (or a {@code FileSystemException} when the parent is not a directory) naming the path, or null
     */
    public static IOException missing(String path, Path p, IOException cause) {
        Path parent = p.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            IOException x = Files.exists(parent)
                    ? new NotDirectoryException(path + ": parent " + parent + " is not a directory")
                    : new NoSuchFileException(path, null,
                            "parent directory " + parent + " does not exist");
            return withCause(x, cause);
        }
        if (cause != null && (cause instanceof NoSuchFileException
                || says(cause, "no such file"))) {
            FileKind kind = kindOrNull(p);
            if (kind == FileKind.SYMLINK) {
                IOException broken = brokenLink(path, p, cause);
                if (broken != null) {
                    return broken;
                }
            }
            if (kind == FileKind.NONE || kind == null) {
                return withCause(new NoSuchFileException(path, null, "No such file or directory"),
                        cause);
            }
        }
        return null;
    }

    /**
     * Returns what kind of file is at {@code p}, without following a symbolic link there.
     *
     * @param p the path to look at
     * @return the kind ({@link FileKind#NONE} if nothing is there), or null if it cannot be read
     */
    public static FileKind kindOrNull(Path p) {
        return kindOrNull(p, false);
    }

    private static FileKind kindOrNull(Path p, boolean followLinks) {
        try {
            return followLinks ? FileKind.ofMode((Integer) Files.getAttribute(p, "unix:mode"))
                    : FileKind.of(p);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Explains a symbolic link at {@code p} that leads nowhere: a loop, or a link to nothing;
     * null if it leads to a file.
     */
    private static IOException brokenLink(String path, Path p, IOException cause) {
        try {
            p.toRealPath();
            return null;
        } catch (NoSuchFileException e) {
            return withCause(new NoSuchFileException(path, null,
                    "No such file or directory (dangling symbolic link)"), cause);
        } catch (IOException e) {
            if (says(e, "too many levels") || says(e, "loop")) {
                return withCause(new FileSystemException(path, null,
                        "is a symbolic link that leads back to itself (a loop)"), cause);
            }
            return null;
        }
    }

    /**
     * Returns whether the message of {@code e} or of one of its causes contains {@code words},
     * ignoring case: for backends whose exceptions differ only in their messages.
     *
     * @param e the exception, or null
     * @param words lower-case words to look for
     * @return true if a message in the chain contains them
     */
    public static boolean says(Throwable e, String words) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && m.toLowerCase(Locale.ROOT).contains(words)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * Sets {@code cause} as the cause of {@code x}, unless {@code x} already has one.
     *
     * @param <T> the exception's type
     * @param x the exception to return
     * @param cause the cause to attach, or null
     * @return {@code x}
     */
    public static <T extends IOException> T withCause(T x, Throwable cause) {
        if (cause != null && x.getCause() == null) {
            x.initCause(cause);
        }
        return x;
    }
}
