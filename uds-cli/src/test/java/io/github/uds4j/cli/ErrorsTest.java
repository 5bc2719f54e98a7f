package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import org.junit.jupiter.api.Test;

class ErrorsTest {

    @Test
    void libraryMessagesAreKeptAsTheyAre() {
        assertThat(Errors.describe(new AccessDeniedException("./uds_socket", null,
                "Permission denied"))).isEqualTo("./uds_socket: Permission denied");
        IOException refused = new ConnectException("s: Connection refused");
        assertThat(Errors.naming("s", refused)).isSameAs(refused);
    }

    @Test
    void otherMessagesGetThePathInFront() {
        IOException reset = new IOException("Connection reset by peer");
        IOException named = Errors.naming("s", reset);
        assertThat(named).hasMessage("s: Connection reset by peer").hasCause(reset);
        assertThat(Errors.naming("./x", new IOException())).hasMessage("./x: IOException");
    }
}
