package io.github.uds4j.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** What is at a path, looked at without following a symbolic link. */
public enum FileKind {
    NONE("nothing"),
    SOCKET("a socket"),
    REGULAR("a regular file"),
    DIRECTORY("a directory"),
    SYMLINK("a symbolic link"),
    FIFO("a fifo"),
    CHARACTER_DEVICE("a character device"),
    BLOCK_DEVICE("a block device"),
    OTHER("a special file");

    private static final int S_IFMT = 0170000;

    private final String description;

    FileKind(String description) {
        this.description = description;
    }

    /** Returns {@code a regular file}, {@code a socket}, … for messages. */
    public String description() {
        return description;
    }

    /**
     * Looks at {@code path} without following links.
     *
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

    /** Returns the identity (device and inode) of the file at {@code path}, or null if none. */
    public static Object identity(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
        } catch (IOException e) {
            return null;
        }
    }
}
