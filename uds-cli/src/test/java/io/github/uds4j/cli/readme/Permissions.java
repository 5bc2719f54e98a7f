package io.github.uds4j.cli.readme;

// The README's example of a socket for one group (section "Socket files and permissions"): the
// README shows the regions between "readme:start" and "readme:end" (ReadmeInStepTest checks
// it); ReadmeSamplesTest binds with it and checks the file's mode, its group and who gets in.
// readme:start
import io.github.uds4j.*;
import java.io.IOException;
import java.nio.file.attribute.PosixFilePermissions;
// readme:end

public final class Permissions {
    private Permissions() {
    }

    // readme:start
    /** Listens at socketFile, such as /run/myapp/api.sock, for its owner and group (say myapp). */
    public static UnixServerSocket listen(String socketFile, String group) throws IOException {
        return UnixSockets.bind(UnixSocketAddress.of(socketFile),
                BindOptions.defaults()
                        .permissions(PosixFilePermissions.fromString("rw-rw----"))
                        .group(group)
                        .allowedUids(0, 1000));   // other users' connections are closed at accept time
    }
    // readme:end
}
