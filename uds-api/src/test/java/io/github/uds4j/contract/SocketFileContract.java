package io.github.uds4j.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.uds4j.BindOptions;
import io.github.uds4j.PeerCredentials;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketCapability;
import io.github.uds4j.UnixSockets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Paths;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The socket file as access control: its mode set without a window, other users really denied,
 * peer credentials, and accepting only given users.
 */
public abstract class SocketFileContract extends ContractTestBase {

    private static int mode(java.nio.file.Path p) throws java.io.IOException {
        return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 0777;
    }

    @Test
    void permissionsAreApplied() throws Exception {
        UnixSocketAddress address = address("mode.sock");
        try (UnixServerSocket server = UnixSockets.bind(address,
                BindOptions.defaults().permissions(PosixFilePermissions.fromString("rw-------")))) {
            assertThat(Integer.toOctalString(mode(address.getPath()))).isEqualTo("600");
            assertThat(listing()).containsExactly("mode.sock"); // no private directory left
            Future<UnixSocket> accepted = threads.submit(server::accept);
            try (UnixSocket client = UnixSockets.connect(address);
                    UnixSocket peer = accepted.get(30, TimeUnit.SECONDS)) {
                client.getOutputStream().write(1);
                assertThat(peer.getInputStream().read()).isEqualTo(1);
                // Not the temporary name it was bound under in the private directory.
                assertThat(peer.getLocalAddress()).isEqualTo(address);
            }
        }
        assertThat(listing()).isEmpty();
    }

    @Test
    void withoutPermissionsTheFileGetsTheModeOfAPlainBind() throws Exception {
        // A directory gets what bind(2) gives a socket: 0777 less the umask.
        java.nio.file.Path reference = Files.createDirectory(dir.resolve("reference"));
        UnixSocketAddress address = address("plain.sock");
        try (UnixServerSocket server = UnixSockets.bind(address)) {
            assertThat(Integer.toOctalString(mode(address.getPath())))
                    .isEqualTo(Integer.toOctalString(mode(reference)));
        }
    }

    @Test
    void socketFileNeverExistsWithAWiderModeThanRequested() throws Exception {
        new SocketFileCases(this, SocketKind.STREAM).modeIsNeverWiderThanRequested(300);
    }

    @Test
    void groupIsAppliedBeforeTheFileIsReachable() throws Exception {
        GroupPrincipal nogroup;
        try {
            nogroup = dir.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByGroupName("nogroup");
        } catch (java.io.IOException e) {
            nogroup = null;
        }
        assumeTrue(nogroup != null, "this system has no group 'nogroup'");
        UnixSocketAddress address = address("group.sock");
        try (UnixServerSocket server = UnixSockets.bind(address, BindOptions.defaults()
                .permissions(PosixFilePermissions.fromString("rw-rw----")).group("nogroup"))) {
            assertThat(Files.getAttribute(address.getPath(), "posix:group", LinkOption.NOFOLLOW_LINKS))
                    .isEqualTo(nogroup);
            assertThat(Integer.toOctalString(mode(address.getPath()))).isEqualTo("660");
        }
    }

    @Test
    void clientWithoutWritePermissionIsDenied() throws Exception {
        UnixSocketAddress address = address("private.sock");
        try (UnixServerSocket server = UnixSockets.bind(address,
                BindOptions.defaults().permissions(PosixFilePermissions.fromString("rwxr-xr-x")))) {
            String out = UnprivilegedJava.run(dir, expectedProvider(),
                    ConnectProbe.class.getName(), address.toString());
            assertThat(out).startsWith("java.nio.file.AccessDeniedException: ")
                    .contains(address.toString()).contains("Permission denied");
            assertThat(listing()).containsExactly("private.sock");
        }
    }

    @Test
    void clientWithWritePermissionConnects() throws Exception {
        UnixSocketAddress address = address("open.sock");
        try (UnixServerSocket server = UnixSockets.bind(address,
                BindOptions.defaults().permissions(PosixFilePermissions.fromString("rw-rw-rw-")))) {
            Future<UnixSocket> accepted = threads.submit(server::accept);
            String out = UnprivilegedJava.run(dir, expectedProvider(),
                    ConnectProbe.class.getName(), address.toString());
            assertThat(out).isEqualTo("connected via " + expectedProvider());
            try (UnixSocket peer = accepted.get(30, TimeUnit.SECONDS)) {
                assertThat(peer.getPeerCredentials().uid()).isEqualTo(UnprivilegedJava.UID);
                assertThat(peer.getPeerCredentials().gid()).isEqualTo(UnprivilegedJava.UID);
            }
        }
    }

    @Test
    @RequiresCapability(UnixSocketCapability.PEER_CREDENTIALS)
    void peerCredentialsAreThisProcesssIds() throws Exception {
        UnixSocketAddress address = address("creds.sock");
        try (UnixServerSocket server = UnixSockets.bind(address)) {
            Future<UnixSocket> accepted = threads.submit(server::accept);
            try (UnixSocket client = UnixSockets.connect(address);
                    UnixSocket peer = accepted.get(30, TimeUnit.SECONDS)) {
                for (PeerCredentials c : new PeerCredentials[] {
                        peer.getPeerCredentials(), client.getPeerCredentials()}) {
                    assertThat(c.uid()).isEqualTo(ownId("Uid:"));
                    assertThat(c.gid()).isEqualTo(ownId("Gid:"));
                    if (UnixSockets.capabilities().contains(UnixSocketCapability.PEER_PID)) {
                        assertThat(c.pid().getAsLong()).isEqualTo(ownPid());
                    } else {
                        assertThat(c.pid().isPresent()).isFalse();
                    }
                }
            }
        }
    }

    @Test
    @RequiresCapability(UnixSocketCapability.PEER_CREDENTIALS)
    void pairReportsThisProcessAsPeer() throws Exception {
        long pid = UnixSockets.capabilities().contains(UnixSocketCapability.PEER_PID)
                ? ownPid() : -1;
        PeerCredentials own = PeerCredentials.of(ownId("Uid:"), ownId("Gid:"), pid);
        UnixSocket[] pair = UnixSockets.openPair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            assertThat(a.getPeerCredentials()).isEqualTo(own);
            assertThat(b.getPeerCredentials()).isEqualTo(own);
        }
    }

    @Test
    @RequiresCapability(UnixSocketCapability.PEER_CREDENTIALS)
    void allowedUidAcceptsThatUser() throws Exception {
        UnixSocketAddress address = address("allowed.sock");
        try (UnixServerSocket server = UnixSockets.bind(address,
                BindOptions.defaults().allowedUids(ownId("Uid:")))) {
            Future<UnixSocket> accepted = threads.submit(server::accept);
            try (UnixSocket client = UnixSockets.connect(address);
                    UnixSocket peer = accepted.get(30, TimeUnit.SECONDS)) {
                client.getOutputStream().write(8);
                assertThat(peer.getInputStream().read()).isEqualTo(8);
            }
        }
    }

    @Test
    @RequiresCapability(UnixSocketCapability.PEER_CREDENTIALS)
    void otherUsersAreClosedAtAcceptTime() throws Exception {
        UnixSocketAddress address = address("guarded.sock");
        long stranger = ownId("Uid:") + 4242;
        try (UnixServerSocket server = UnixSockets.bind(address, BindOptions.defaults()
                .allowedUids(stranger)
                .permissions(PosixFilePermissions.fromString("rw-rw-rw-")))) {
            Threads.Running<UnixSocket> running = Threads.submit(threads, server::accept);
            Future<UnixSocket> accepting = running.future();
            try (UnixSocket client = UnixSockets.connect(address)) {
                // Our uid is not allowed: the server closes the connection, accept() goes on.
                assertThat(client.getInputStream().read()).isEqualTo(-1);
            }
            running.awaitBlocked(); // waiting for the next connection, not returning
            assertThat(accepting.isDone()).isFalse();
            server.close();
            assertThatThrownBy(() -> accepting.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(java.nio.channels.ClosedChannelException.class);
        }
    }

    static long ownId(String field) throws java.io.IOException {
        List<String> lines = Files.readAllLines(Paths.get("/proc/self/status"), StandardCharsets.UTF_8);
        for (String line : lines) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.split("\\s+")[1]);
            }
        }
        throw new AssertionError("no " + field + " in /proc/self/status");
    }

    static long ownPid() throws java.io.IOException {
        return Long.parseLong(Files.readSymbolicLink(Paths.get("/proc/self")).toString());
    }
}
