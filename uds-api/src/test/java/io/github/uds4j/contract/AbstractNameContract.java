package io.github.uds4j.contract;

import static io.github.uds4j.UnixSocketCapability.ABSTRACT_NAMESPACE;
import static io.github.uds4j.UnixSocketCapability.DATAGRAM;
import static io.github.uds4j.UnixSocketCapability.SEQPACKET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.uds4j.BindOptions;
import io.github.uds4j.ExistingFilePolicy;
import io.github.uds4j.Received;
import io.github.uds4j.UnixDatagramSocket;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketType;
import io.github.uds4j.UnixSockets;
import io.github.uds4j.internal.FileKind;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Linux abstract names ({@link UnixSocketAddress#ofAbstract(String)}): streams, seqpacket and
 * datagram sockets bind and connect by name; a name in use is a {@link BindException}; no file is
 * created anywhere and close removes nothing; file options are refused; the name is exactly its
 * bytes (no padding), as the kernel shows in {@code /proc/net/unix}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class AbstractNameContract extends ContractTestBase {

    /** A name no other test or run uses. */
    private static UnixSocketAddress fresh(String what) {
        return UnixSocketAddress.ofAbstract("uds4j-test-" + what + "-" + UUID.randomUUID());
    }

    /** The names in the working directory and the test's directory, to show none appears. */
    private List<String> files() throws IOException {
        List<String> names = new ArrayList<String>();
        for (Path d : new Path[] {Paths.get("").toAbsolutePath(), dir}) {
            try (Stream<Path> s = Files.list(d)) {
                s.forEach(p -> names.add(p.toString()));
            }
        }
        Collections.sort(names);
        return names;
    }

    /**
     * Removes socket files that a provider which took an abstract name for a path left in the
     * working directory (the rows above fail then), so that none is left in the source tree.
     */
    @AfterEach
    void removeMistakenFiles() throws IOException {
        try (Stream<Path> s = Files.list(Paths.get("").toAbsolutePath())) {
            for (Object o : s.toArray()) {
                Path p = (Path) o;
                if (p.getFileName().toString().startsWith("@uds4j-test-")
                        && FileKind.of(p) == FileKind.SOCKET) {
                    Files.delete(p);
                }
            }
        }
    }

    /** The abstract names the kernel lists as bound, as {@code @name}. */
    private static List<String> kernelNames() throws IOException {
        List<String> names = new ArrayList<String>();
        for (String line : Files.readAllLines(Paths.get("/proc/net/unix"),
                StandardCharsets.ISO_8859_1)) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 8 && f[7].startsWith("@")) {
                names.add(f[7]);
            }
        }
        return names;
    }

    @Test
    @RequiresCapability(ABSTRACT_NAMESPACE)
    void streamBindsAndConnectsByNameAndLeavesNoFile() throws Exception {
        UnixSocketAddress name = fresh("stream");
        List<String> before = files();
        try (UnixServerSocket server = UnixSockets.bind(name)) {
            assertThat(server.getLocalAddress()).isEqualTo(name);
            assertThat(server.getLocalAddress().isAbstract()).isTrue();
            assertThat(kernelNames()).as("bound exactly by its name, without padding")
                    .contains(name.toString());
            Future<UnixSocket> accepted = threads.submit(server::accept);
            try (UnixSocket client = UnixSockets.connect(name);
                    UnixSocket peer = accepted.get(30, TimeUnit.SECONDS)) {
                client.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                ByteBuffer in = ByteBuffer.allocate(8);
                assertThat(peer.read(in)).isEqualTo(3);
                peer.write(ByteBuffer.wrap(new byte[] {4}));
                in.clear();
                assertThat(client.read(in)).isEqualTo(1);
                assertThat(peer.getLocalAddress()).isEqualTo(name);
            }
            assertThat(files()).as("no file for an abstract name").isEqualTo(before);
        }
        assertThat(files()).isEqualTo(before);
        assertThat(kernelNames()).doesNotContain(name.toString());
        // Close removed nothing and freed the name.
        try (UnixServerSocket again = UnixSockets.bind(name)) {
            assertThat(again.getLocalAddress()).isEqualTo(name);
        }
    }

    @Test
    @RequiresCapability(ABSTRACT_NAMESPACE)
    void nameInUseIsABindExceptionAndTheServerKeepsServing() throws Exception {
        UnixSocketAddress name = fresh("inuse");
        try (UnixServerSocket server = UnixSockets.bind(name)) {
            assertThatThrownBy(() -> UnixSockets.bind(name).close())
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining(name.toString());
            SocketKind.STREAM.assertServes(server, name, threads);
        }
    }

    /**
     * Linux keeps abstract names per socket type (the name's hash includes the type): a name in
     * use is a {@link BindException} for a second socket of the same type, while a socket of
     * another type can take the same name, and each serves its own.
     */
    @Test
    @RequiresCapability({ABSTRACT_NAMESPACE, DATAGRAM, SEQPACKET})
    void aNameIsInUsePerSocketType() throws Exception {
        UnixSocketAddress name = fresh("per-type");
        List<java.io.Closeable> held = new ArrayList<java.io.Closeable>();
        try {
            for (SocketKind kind : SocketKind.values()) {
                held.add(kind.bind(name, BindOptions.defaults()));
                assertThatThrownBy(() -> kind.bind(name, BindOptions.defaults()).close())
                        .as("a second " + kind + " socket at " + name)
                        .isInstanceOf(BindException.class)
                        .hasMessageContaining(name.toString());
            }
            for (int i = 0; i < held.size(); i++) {
                SocketKind.values()[i].assertServes(held.get(i), name, threads);
            }
        } finally {
            for (java.io.Closeable c : held) {
                c.close();
            }
        }
    }

    @Test
    @RequiresCapability(ABSTRACT_NAMESPACE)
    void connectToAnUnusedNameIsConnectException() throws Exception {
        UnixSocketAddress name = fresh("unused");
        assertThatThrownBy(() -> UnixSockets.connect(name))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining(name.toString());
    }

    @Test
    @RequiresCapability(ABSTRACT_NAMESPACE)
    void fileOptionsWithAnAbstractNameAreRefused() throws Exception {
        UnixSocketAddress name = fresh("options");
        BindOptions[] fileOptions = {
            BindOptions.defaults().permissions(PosixFilePermissions.fromString("rw-------")),
            BindOptions.defaults().group("nogroup"),
            BindOptions.defaults().existingFile(ExistingFilePolicy.FAIL),
            BindOptions.defaults().existingFile(ExistingFilePolicy.REPLACE_STALE_ANY_OWNER),
        };
        for (BindOptions o : fileOptions) {
            assertThatThrownBy(() -> UnixSockets.bind(name, o).close())
                    .as(o.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(name.toString());
        }
        assertThat(kernelNames()).doesNotContain(name.toString());
        // The backlog is no file option.
        UnixSockets.bind(name, BindOptions.defaults().backlog(5)).close();
    }

    @Test
    @RequiresCapability({ABSTRACT_NAMESPACE, DATAGRAM})
    void fileOptionsWithAnAbstractDatagramNameAreRefused() throws Exception {
        UnixSocketAddress name = fresh("dgram-options");
        assertThatThrownBy(() -> UnixSockets.bindDatagram(name, BindOptions.defaults()
                .permissions(PosixFilePermissions.fromString("rw-------"))).close())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(name.toString());
        assertThatThrownBy(() -> UnixSockets.bindDatagram(name, BindOptions.defaults()
                .existingFile(ExistingFilePolicy.FAIL)).close())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @RequiresCapability(ABSTRACT_NAMESPACE)
    void theNameIsExactlyItsBytes() throws Exception {
        // The kernel takes a name's length from the address length: names that differ only by
        // trailing or inner NULs are different sockets, and a name padded with NULs would be
        // another name. The longest name works whole.
        byte[] prefix = ("uds4j-test-" + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
        byte[] longest = new byte[UnixSocketAddress.MAX_ABSTRACT_BYTES];
        Arrays.fill(longest, (byte) 'n');
        System.arraycopy(prefix, 0, longest, 0, prefix.length);
        byte[] inner = Arrays.copyOf(prefix, prefix.length + 2);
        inner[prefix.length + 1] = 'z';
        UnixSocketAddress plain = UnixSocketAddress.ofAbstract(prefix);
        UnixSocketAddress full = UnixSocketAddress.ofAbstract(longest);
        UnixSocketAddress withNul = UnixSocketAddress.ofAbstract(inner);
        UnixSocketAddress trailing = UnixSocketAddress.ofAbstract(
                Arrays.copyOf(prefix, prefix.length + 1));
        UnixSocketAddress shorter = UnixSocketAddress.ofAbstract(
                Arrays.copyOf(longest, longest.length - 1));
        try (UnixServerSocket a = UnixSockets.bind(plain);
                UnixServerSocket b = UnixSockets.bind(full);
                UnixServerSocket c = UnixSockets.bind(withNul)) {
            assertThat(kernelNames()).contains("@" + new String(prefix, StandardCharsets.US_ASCII),
                    "@" + new String(longest, StandardCharsets.US_ASCII),
                    "@" + new String(prefix, StandardCharsets.US_ASCII) + "@z");
            SocketKind.STREAM.assertServes(a, plain, threads);
            SocketKind.STREAM.assertServes(b, full, threads);
            SocketKind.STREAM.assertServes(c, withNul, threads);
            for (UnixSocketAddress other : new UnixSocketAddress[] {trailing, shorter}) {
                assertThatThrownBy(() -> UnixSockets.connect(other).close())
                        .as("connect to " + other + ", which nothing is bound to")
                        .isInstanceOf(ConnectException.class);
            }
        }
    }

    @Test
    @RequiresCapability({ABSTRACT_NAMESPACE, DATAGRAM})
    void datagramsGoBothWaysBetweenAbstractNames() throws Exception {
        UnixSocketAddress an = fresh("dgram-a");
        UnixSocketAddress bn = fresh("dgram-b");
        List<String> before = files();
        try (UnixDatagramSocket a = UnixSockets.bindDatagram(an);
                UnixDatagramSocket b = UnixSockets.bindDatagram(bn)) {
            a.setReadTimeout(Duration.ofSeconds(30));
            b.setReadTimeout(Duration.ofSeconds(30));
            assertThat(a.getLocalAddress()).isEqualTo(an);
            a.send(ByteBuffer.wrap(new byte[] {1, 2}), bn);
            ByteBuffer in = ByteBuffer.allocate(16);
            Received r = b.receive(in);
            assertThat(r.length()).isEqualTo(2);
            assertThat(r.sender()).as("an abstract sender's name").isEqualTo(an);
            b.send(ByteBuffer.wrap(new byte[] {3}), r.sender());
            in.clear();
            Received back = a.receive(in);
            assertThat(back.length()).isEqualTo(1);
            assertThat(back.sender()).isEqualTo(bn);
            try (UnixDatagramSocket unbound = UnixSockets.openDatagram()) {
                unbound.send(ByteBuffer.wrap(new byte[] {4}), an);
                in.clear();
                assertThat(a.receive(in).sender()).isNull();
            }
            assertThatThrownBy(() -> UnixSockets.bindDatagram(an).close())
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining(an.toString());
            assertThat(files()).isEqualTo(before);
        }
        assertThat(files()).isEqualTo(before);
        assertThat(kernelNames()).doesNotContain(an.toString(), bn.toString());
    }

    @Test
    @RequiresCapability({ABSTRACT_NAMESPACE, DATAGRAM})
    void sendingToAnUnusedNameIsConnectException() throws Exception {
        UnixSocketAddress name = fresh("nobody");
        try (UnixDatagramSocket s = UnixSockets.openDatagram()) {
            assertThatThrownBy(() -> s.send(ByteBuffer.wrap(new byte[] {1}), name))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining(name.toString());
        }
    }

    @Test
    @RequiresCapability({ABSTRACT_NAMESPACE, DATAGRAM})
    void aNameHeldOnlyByAnotherTypeIsConnectException() throws Exception {
        // Unlike a socket file (EPROTOTYPE, "another type"), the kernel looks an abstract name
        // up among sockets of the caller's type only: it finds nothing (ECONNREFUSED).
        UnixSocketAddress dgram = fresh("typed-dgram");
        UnixSocketAddress stream = fresh("typed-stream");
        try (UnixDatagramSocket d = UnixSockets.bindDatagram(dgram);
                UnixServerSocket s = UnixSockets.bind(stream);
                UnixDatagramSocket sender = UnixSockets.openDatagram()) {
            assertThatThrownBy(() -> UnixSockets.connect(dgram).close())
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining(dgram.toString());
            assertThatThrownBy(() -> sender.send(ByteBuffer.wrap(new byte[] {1}), stream))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining(stream.toString());
        }
    }

    @Test
    @RequiresCapability({ABSTRACT_NAMESPACE, SEQPACKET})
    void seqpacketBindsAndConnectsByName() throws Exception {
        UnixSocketAddress name = fresh("seqpacket");
        List<String> before = files();
        try (UnixServerSocket server = UnixSockets.bind(name, UnixSocketType.SEQPACKET,
                BindOptions.defaults())) {
            Future<UnixSocket> accepted = threads.submit(server::accept);
            try (UnixSocket client = UnixSockets.connect(name, UnixSocketType.SEQPACKET);
                    UnixSocket peer = accepted.get(30, TimeUnit.SECONDS)) {
                client.write(ByteBuffer.wrap(new byte[] {1, 2}));
                client.write(ByteBuffer.wrap(new byte[] {3}));
                ByteBuffer in = ByteBuffer.allocate(8);
                assertThat(peer.read(in)).isEqualTo(2);
                in.clear();
                assertThat(peer.read(in)).isEqualTo(1);
            }
        }
        assertThat(files()).isEqualTo(before);
    }
}
