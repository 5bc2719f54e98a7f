package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
