package io.github.uds4j.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** What is at a path, looked at without following a symbolic link. */
public enum FileKind {
    /** Nothing is at the path. */
    NONE("nothing"),
    /** A Unix domain socket ({@code S_IFSOCK}). */
    SOCKET("a socket"),
    /** A regular file. */
    REGULAR("a regular file"),
    /** A directory. */
    DIRECTORY("a directory"),
    /** A symbolic link, not followed. */
    SYMLINK("a symbolic link"),
    /** A named pipe ({@code S_IFIFO}). */
    FIFO("a fifo"),
    /** A character device, such as {@code /dev/null}. */
    CHARACTER_DEVICE("a character device"),
    /** A block device. */
    BLOCK_DEVICE("a block device"),
    /** Anything else, or a file whose type the file system does not tell. */
    OTHER("a special file");

    private static final int S_IFMT = 0170000;

    private final String description;

    FileKind(String description) {
        this.description = description;
    }

    /**
     * Returns {@code a regular file}, {@code a socket}, … for messages.
     *
     * @return the kind as a phrase with its article, to go into a sentence
     */
    public String description() {
        return description;
    }

    /**
     * Looks at {@code path} without following links.
     *
     * @param path the path to look at
     * @return what is there; {@link #NONE} if nothing is
     * @throws IOException if the path cannot be looked at, for example for lack of permission
     */
    public static FileKind of(Path path) throws IOException {
        try {
            Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if (mode instanceof Integer) {
                return ofMode((Integer) mode);
            }
        } catch (NoSuchFileException e) {
            return NONE;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // no "unix" attribute view: fall back to the basic one below
        }
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return NONE;
        }
        return a.isSymbolicLink() ? SYMLINK : a.isDirectory() ? DIRECTORY
                : a.isRegularFile() ? REGULAR : OTHER;
    }

    /**
     * Returns the kind that the file-type bits of a {@code st_mode} value name.
     *
     * @param mode a mode as {@code stat(2)} gives it (the {@code unix:mode} attribute)
     * @return the kind; {@link #OTHER} for a type not listed here
     */
    public static FileKind ofMode(int mode) {
        switch (mode & S_IFMT) {
            case 0140000: return SOCKET;
            case 0120000: return SYMLINK;
            case 0100000: return REGULAR;
            case 0060000: return BLOCK_DEVICE;
            case 0040000: return DIRECTORY;
            case 0020000: return CHARACTER_DEVICE;
            case 0010000: return FIFO;
            default: return OTHER;
        }
    }

    /**
     * Returns the identity (device and inode) of the file at {@code path}, or null if none.
     *
     * @param path the path, whose symbolic link is not followed
     * @return an object equal to the identity of the same file at another time (its {@code fileKey()}), or null
     */
    public static Object identity(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
        } catch (IOException e) {
            return null;
        }
    }
}
