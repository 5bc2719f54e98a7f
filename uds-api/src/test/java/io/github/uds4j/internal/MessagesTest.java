package io.github.uds4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.uds4j.Descriptor;
import io.github.uds4j.Received;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Messages#received}: the first descriptors are kept, the rest closed and counted. */
class MessagesTest {
    @TempDir
    Path dir;

    private int openDescriptors() throws IOException {
        // the descriptors on the test's own files: exact, whatever else the JVM opens
        return io.github.uds4j.contract.DescriptorPassingContract.descriptorsOn(dir);
    }

    private FileDescriptor[] open(int n) throws IOException {
        FileDescriptor[] fds = new FileDescriptor[n];
        for (int i = 0; i < n; i++) {
            Path f = Files.write(dir.resolve("f" + i),
                    ("file " + i).getBytes(StandardCharsets.US_ASCII));
            fds[i] = new FileInputStream(f.toFile()).getFD();
        }
        return fds;
    }

    @Test
    void keepsTheFirstMaxAndClosesTheRest() throws Exception {
        int before = openDescriptors();
        FileDescriptor[] fds = open(5);
        Received r = Messages.received(3, false, null, fds, 2);
        assertThat(r.length()).isEqualTo(3);
        assertThat(r.descriptors()).hasSize(2);
        assertThat(r.droppedDescriptors()).isEqualTo(3);
        assertThat(openDescriptors()).isEqualTo(before + 2);
        for (int i = 2; i < 5; i++) {
            assertThat(fds[i].valid()).as("descriptor " + i).isFalse();
        }
        for (int i = 0; i < 2; i++) {
            Descriptor d = r.descriptors().get(i);
            assertThat(d.isOwned()).isTrue();
            try (InputStream in = d.openInputStream()) {
                assertThat(new String(io.github.uds4j.contract.Bytes.readAll(in),
                        StandardCharsets.US_ASCII)).isEqualTo("file " + i);
            }
        }
        assertThat(openDescriptors()).isEqualTo(before);
    }

    @Test
    void noneWantedClosesAll() throws Exception {
        int before = openDescriptors();
        Received r = Messages.received(1, false, null, open(4), 0);
        assertThat(r.descriptors()).isEmpty();
        assertThat(r.droppedDescriptors()).isEqualTo(4);
        assertThat(openDescriptors()).isEqualTo(before);
    }

    @Test
    void noDescriptorsMakeAPlainResult() throws Exception {
        Received r = Messages.received(7, true, null, null, 3);
        assertThat(r.descriptors()).isEmpty();
        assertThat(r.droppedDescriptors()).isZero();
        assertThat(r.isTruncated()).isTrue();
        assertThat(Messages.received(0, false, null, new FileDescriptor[0], 0).length()).isZero();
    }

    @Test
    void aNegativeMaximumIsRefused() {
        assertThatThrownBy(() -> Messages.checkMax(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        Messages.checkMax(0);
    }
}
