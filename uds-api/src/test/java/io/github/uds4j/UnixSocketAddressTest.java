package io.github.uds4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Addresses and options as values: what they accept and refuse never depends on a provider, so
 * these checks run here once rather than in every backend's contract suite.
 */
class UnixSocketAddressTest {
    @TempDir
    Path dir;

    @Test
    void keepsThePathAsGivenAndIsAValue() {
        UnixSocketAddress a = UnixSocketAddress.of("./uds_socket");
        assertThat(a.toString()).isEqualTo("./uds_socket");
        assertThat(a.getPath()).isEqualTo(Paths.get("./uds_socket"));
        assertThat(a).isEqualTo(UnixSocketAddress.of(Paths.get("./uds_socket")));
        assertThat(a.hashCode()).isEqualTo(UnixSocketAddress.of("./uds_socket").hashCode());
        assertThat(a).isNotEqualTo(UnixSocketAddress.of("uds_socket"));
    }

    @Test
    void limitCountsBytesNotCharacters() {
        // 'é' is two bytes in UTF-8: 54 of them are 108 bytes.
        String twoByteChars = new String(new char[54]).replace('\0', '\u00e9');
        assertThat(UnixSocketAddress.MAX_PATH_BYTES).isEqualTo(106);
        if ("UTF-8".equalsIgnoreCase(UnixSocketAddress.fileSystemCharset().name())) {
            assertThatThrownBy(() -> UnixSocketAddress.of(twoByteChars))
                    .isInstanceOf(InvalidPathException.class)
                    .hasMessageContaining("108 bytes");
            assertThat(UnixSocketAddress.of(twoByteChars.substring(1)).byteLength()).isEqualTo(106);
            assertThatThrownBy(() -> UnixSocketAddress.of(twoByteChars.substring(1) + "x"))
                    .isInstanceOf(InvalidPathException.class)
                    .hasMessageContaining("107 bytes long; the limit is 106 bytes");
        }
    }

    @Test
    void aTrailingSlashIsRejectedNamingThePathAndTheReason() {
        for (String path : new String[] {"sock/", "/tmp/sock/", "/tmp/sock//", "/"}) {
            assertThatThrownBy(() -> UnixSocketAddress.of(path))
                    .as(path)
                    .isInstanceOf(InvalidPathException.class)
                    .hasMessageContaining(path)
                    .hasMessageContaining("ends with '/'")
                    .satisfies(e -> assertThat(((InvalidPathException) e).getIndex())
                            .isEqualTo(path.length() - 1));
        }
        assertThatThrownBy(() -> new UnixSocketFactory("/run/x.sock/"))
                .isInstanceOf(InvalidPathException.class);
        // A Path never ends with a slash; inner and doubled slashes are the kernel's business.
        assertThat(UnixSocketAddress.of(Paths.get("/tmp/sock/")).toString()).isEqualTo("/tmp/sock");
        assertThat(UnixSocketAddress.of("/tmp//sock").toString()).isEqualTo("/tmp//sock");
    }

    @Test
    void nullIsRejectedWithItsName() {
        assertThatThrownBy(() -> UnixSocketAddress.of((String) null))
                .isInstanceOf(NullPointerException.class).hasMessage("path == null");
        assertThatThrownBy(() -> UnixSocketAddress.of((java.nio.file.Path) null))
                .isInstanceOf(NullPointerException.class).hasMessage("path == null");
    }

    @Test
    void emptyPathIsRejected() {
        assertThatThrownBy(() -> UnixSocketAddress.of(""))
                .isInstanceOf(InvalidPathException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void pathWithNulIsRejected() {
        assertThatThrownBy(() -> UnixSocketAddress.of(dir + "/a\0b"))
                .isInstanceOf(InvalidPathException.class)
                .hasMessageContaining("NUL")
                .hasMessageContaining(dir + "/a\\0b");
    }

    @Test
    void pathOneByteOverTheLimitIsRejectedAndNothingIsCreated() throws Exception {
        String path = pathOfLength(UnixSocketAddress.MAX_PATH_BYTES + 1);
        assertThatThrownBy(() -> UnixSocketAddress.of(path))
                .isInstanceOf(InvalidPathException.class)
                .hasMessageContaining(path)
                .hasMessageContaining((UnixSocketAddress.MAX_PATH_BYTES + 1) + " bytes")
                .hasMessageContaining("limit is " + UnixSocketAddress.MAX_PATH_BYTES + " bytes");
        assertThat(listing()).isEmpty();
    }

    @Test
    void pathFarOverTheLimitIsRejectedAndNothingIsCreated() throws Exception {
        String path = pathOfLength(300);
        assertThatThrownBy(() -> UnixSocketAddress.of(path))
                .isInstanceOf(InvalidPathException.class)
                .hasMessageContaining("300 bytes");
        assertThat(listing()).isEmpty();
    }

    /** Returns a path in the test directory that is exactly {@code bytes} long. */
    private String pathOfLength(int bytes) {
        StringBuilder b = new StringBuilder(dir.toString() + "/");
        while (b.length() < bytes) {
            b.append('x');
        }
        assertThat(b.length()).as("test directory is short enough").isEqualTo(bytes);
        return b.toString();
    }

    private Object[] listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toArray();
        }
    }

    @Test
    void negativeBacklogIsRejected() {
        assertThatThrownBy(() -> BindOptions.defaults().backlog(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void bindOptionsAreImmutableAndChecked() {
        BindOptions d = BindOptions.defaults();
        BindOptions b = d.backlog(7).permissions(PosixFilePermissions.fromString("rw-------"))
                .allowedUids(5, 1);
        assertThat(d.backlog()).isEqualTo(BindOptions.DEFAULT_BACKLOG);
        assertThat(d.permissions()).isNull();
        assertThat(d.existingFile()).isEqualTo(ExistingFilePolicy.REPLACE_STALE);
        assertThat(b.backlog()).isEqualTo(7);
        assertThat(PosixFilePermissions.toString(b.permissions())).isEqualTo("rw-------");
        assertThat(b.allowedUids()).containsExactly(1, 5);
        assertThat(b.allows(5)).isTrue();
        assertThat(b.allows(6)).isFalse();
        assertThat(d.backlog(0).backlog()).isEqualTo(BindOptions.DEFAULT_BACKLOG);
        assertThatThrownBy(() -> d.allowedUids(new long[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.allowedUids(-2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.existingFile(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void defaultBacklogIsTheKernelsMaximum() throws Exception {
        Path somaxconn = Paths.get("/proc/sys/net/core/somaxconn");
        int expected = BindOptions.FALLBACK_BACKLOG;
        if (Files.isReadable(somaxconn)) {
            // readLine reads with one call; a second read of a sysctl file gives its end
            try (BufferedReader r = Files.newBufferedReader(somaxconn, StandardCharsets.US_ASCII)) {
                expected = Math.min(65535, Integer.parseInt(r.readLine().trim()));
            }
        }
        assertThat(BindOptions.DEFAULT_BACKLOG).isEqualTo(expected);
        assertThat(BindOptions.defaults().backlog()).isEqualTo(expected);
        assertThat(BindOptions.defaults().backlog(50).backlog()).as("still overridden").isEqualTo(50);
    }

    @Test
    void peerCredentialsPrintWhatIsKnown() {
        assertThat(PeerCredentials.of(1000, 100, 42).toString()).isEqualTo("pid=42 uid=1000 gid=100");
        assertThat(PeerCredentials.of(0, 0, -1).toString()).isEqualTo("uid=0 gid=0");
        assertThat(PeerCredentials.of(0, 0, -1).pid().isPresent()).isFalse();
        assertThatThrownBy(() -> PeerCredentials.of(-1, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
