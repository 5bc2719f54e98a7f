package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LinesTest {

    @Test
    void socketBytesArePrintedRawBetweenTheQuotes() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Transcript t = new Transcript(new PrintStream(bytes, true, "UTF-8"));
        byte[] data = {'a', (byte) 0xff, 0, 'b'};
        t.quoted("received \"", data, 0, 4, "\"");
        assertThat(bytes.toByteArray())
                .containsExactly('r', 'e', 'c', 'e', 'i', 'v', 'e', 'd', ' ', '"', 'a',
                        (byte) 0xff, 0, 'b', '"', '\n');
    }

    @Test
    void prefixedTranscriptsShareTheStream() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Transcript t = new Transcript(new PrintStream(bytes, true, "UTF-8"));
        t.withPrefix("server: ").line("waiting for a connection");
        t.withPrefix("client: ").line("connecting to ./uds_socket");
        t.line("");
        assertThat(new String(bytes.toByteArray(), StandardCharsets.UTF_8)).isEqualTo(
                "server: waiting for a connection\nclient: connecting to ./uds_socket\n\n");
    }

    @Test
    void bufferedLinesAppearOnlyWhenReplayed() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Transcript t = new Transcript(new PrintStream(bytes, true, "UTF-8"));
        BufferedLines child = new BufferedLines();
        child.line("in child, waiting for message");
        byte[] ping = "xpingx".getBytes(StandardCharsets.US_ASCII);
        child.quoted("message from parent: ", ping, 1, 4, "");
        ping[1] = 'P'; // what was kept is a copy
        assertThat(bytes.size()).isZero();
        child.replayTo(t.withPrefix("> "));
        assertThat(new String(bytes.toByteArray(), StandardCharsets.UTF_8)).isEqualTo(
                "> in child, waiting for message\n> message from parent: ping\n");
        int size = bytes.size();
        child.replayTo(t);
        assertThat(bytes.size()).as("replayed once").isEqualTo(size);
    }
}
