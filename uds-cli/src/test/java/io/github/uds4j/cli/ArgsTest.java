package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketType;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class ArgsTest {

    @Test
    void octalModesGiveThoseBits() throws Exception {
        assertThat(Args.mode("600")).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Args.mode("0600")).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Args.mode("0660")).isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
        assertThat(Args.mode("755")).isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(Args.mode("000")).isEmpty();
        assertThat(Args.mode("0777")).isEqualTo(PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    @Test
    void symbolicModesAreReadAsLsShowsThem() throws Exception {
        assertThat(Args.mode("rw-------")).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Args.mode("rw-r-----")).isEqualTo(Args.mode("640"));
    }

    @Test
    void modesWithMoreThanPermissionBitsAreRejected() {
        assertThatThrownBy(() -> Args.mode("1777")).isInstanceOf(UsageException.class)
                .hasMessageContaining("'1777'").hasMessageContaining("0777");
        assertThatThrownBy(() -> Args.mode("8")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> Args.mode("rwS------")).isInstanceOf(UsageException.class);
    }

    @Test
    void uidListsAreNumeric() throws Exception {
        assertThat(Args.uids("0,1000")).containsExactly(0L, 1000L);
        assertThat(Args.uids("65534")).containsExactly(65534L);
        assertThatThrownBy(() -> Args.uids("-1")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> Args.uids("1000,")).isInstanceOf(UsageException.class);
    }

    @Test
    void anAtSignStartsAnAbstractNameAndADotSlashMakesItAFile() throws Exception {
        assertThat(Args.address("@service")).isEqualTo(UnixSocketAddress.ofAbstract("service"));
        assertThat(Args.address("@service").isAbstract()).isTrue();
        assertThat(Args.address("@@x")).isEqualTo(UnixSocketAddress.ofAbstract("@x"));
        assertThat(Args.address("./@x")).isEqualTo(UnixSocketAddress.of("./@x"));
        assertThat(Args.address("./@x").isAbstract()).isFalse();
        assertThat(Args.address("/tmp/@x").isAbstract()).isFalse();
    }

    @Test
    void anEmptyOrTooLongAbstractNameIsAUsageErrorNamingTheLimit() throws Exception {
        assertThatThrownBy(() -> Args.address("@")).isInstanceOf(UsageException.class)
                .hasMessageContaining("'@'").hasMessageContaining("empty")
                .hasMessageContaining("./@");
        StringBuilder name = new StringBuilder("@");
        for (int i = 0; i < UnixSocketAddress.MAX_ABSTRACT_BYTES; i++) {
            name.append('n');
        }
        assertThat(Args.address(name.toString()).byteLength())
                .isEqualTo(UnixSocketAddress.MAX_ABSTRACT_BYTES);
        assertThatThrownBy(() -> Args.address(name + "n")).isInstanceOf(UsageException.class)
                .hasMessageContaining("limit is " + UnixSocketAddress.MAX_ABSTRACT_BYTES);
    }

    @Test
    void typesAreStreamDgramAndSeqpacket() throws Exception {
        assertThat(Args.typeName(UnixSocketType.DATAGRAM)).isEqualTo("dgram");
        for (UnixSocketType t : UnixSocketType.values()) {
            assertThat(Args.type(Main.parser().parse(new Listen().options(),
                    new String[] {"--type", Args.typeName(t)}))).isEqualTo(t);
        }
        assertThat(Args.type(Main.parser().parse(new Listen().options(), new String[0])))
                .isEqualTo(UnixSocketType.STREAM);
        assertThatThrownBy(() -> Args.type(Main.parser().parse(new Listen().options(),
                new String[] {"--type", "raw"}))).isInstanceOf(UsageException.class)
                .hasMessageContaining("'raw'").hasMessageContaining("stream, dgram or seqpacket");
    }
}
