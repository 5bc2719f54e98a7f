package io.github.uds4j.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The user this process runs as, and how to name another one in a message. */
final class Users {
    private Users() {}

    /** Returns the effective uid of this process. */
    static long effectiveUid() {
        return Holder.EFFECTIVE_UID;
    }

    /** Returns {@code uid 1000 (alice)}, or {@code uid 1000} where the name is unknown. */
    static String describe(long uid, Path ownedFile) {
        try {
            String name = Files.getOwner(ownedFile, LinkOption.NOFOLLOW_LINKS).getName();
            if (!name.equals(Long.toString(uid))) {
                return "uid " + uid + " (" + name + ")";
            }
        } catch (IOException | RuntimeException e) {
            // the number alone
        }
        return "uid " + uid;
    }

    private static final class Holder {
        static final long EFFECTIVE_UID = find();

        /** From {@code /proc/self/status} where there is one, else the owner of a new file. */
        private static long find() {
            try {
                for (String line : Files.readAllLines(Paths.get("/proc/self/status"),
                        StandardCharsets.US_ASCII)) {
                    if (line.startsWith("Uid:")) {
                        return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux: ask the file system
            }
            try {
                Path probe = Files.createTempFile("uds4j-uid", "");
                try {
                    return ((Integer) Files.getAttribute(probe, "unix:uid",
                            LinkOption.NOFOLLOW_LINKS)).longValue();
                } finally {
                    Files.delete(probe);
                }
            } catch (IOException | RuntimeException e) {
                return -1; // unknown: only root is trusted as an owner
            }
        }
    }
}
