package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineInputTest {

    private static List<String> lines(InputStream in) throws IOException {
        LineInput input = new LineInput(in);
        List<String> lines = new ArrayList<String>();
        byte[] line;
        while ((line = input.next()) != null) {
            lines.add(new String(line, StandardCharsets.ISO_8859_1));
        }
        assertThat(input.next()).as("still the end").isNull();
        return lines;
    }

    private static List<String> lines(String text) throws IOException {
        return lines(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void eachLineLosesOnlyItsNewline() throws Exception {
        assertThat(lines("a\nbb\n")).containsExactly("a", "bb");
        assertThat(lines("a\r\n\n\u00ff\u0000x\n")).containsExactly("a\r", "", "\u00ff\u0000x");
    }

    @Test
    void aLastLineWithoutNewlineIsALineAndNothingAfterTheLastNewlineIsNot() throws Exception {
        assertThat(lines("a\nlast")).containsExactly("a", "last");
        assertThat(lines("")).isEmpty();
        assertThat(lines("\n")).containsExactly("");
        assertThat(lines("\n\n")).containsExactly("", "");
    }

    @Test
    void linesLongerThanTheBufferAndSplitAcrossReadsComeWhole() throws Exception {
        char[] big = new char[200_000];
        Arrays.fill(big, 'x');
        String longLine = new String(big);
        final byte[] all = ("s\n" + longLine + "\nt\nend").getBytes(StandardCharsets.ISO_8859_1);
        // A stream that hands out at most 3 bytes a read, as a pipe may.
        InputStream trickle = new ByteArrayInputStream(all) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 3));
            }
        };
        assertThat(lines(trickle)).containsExactly("s", longLine, "t", "end");
        assertThat(lines(new ByteArrayInputStream(all))).containsExactly("s", longLine, "t",
                "end");
    }
}
