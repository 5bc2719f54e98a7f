package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> COMMANDS = Arrays.asList("echo-server", "echo-client",
            "socketpair", "demo", "connect", "listen", "info", "bench");

    @Test
    void editsCountInsertionsDeletionsSubstitutionsAndSwaps() {
        assertThat(Suggestions.edits("echo-server", "echo-server")).isZero();
        assertThat(Suggestions.edits("ecko-server", "echo-server")).isEqualTo(1);
        assertThat(Suggestions.edits("conect", "connect")).isEqualTo(1);
        assertThat(Suggestions.edits("connnect", "connect")).isEqualTo(1);
        assertThat(Suggestions.edits("lsiten", "listen")).isEqualTo(1);
        assertThat(Suggestions.edits("", "info")).isEqualTo(4);
        assertThat(Suggestions.edits("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void theClosestNamesAreSuggested() {
        assertThat(Suggestions.closest("ecko-server", COMMANDS)).containsExactly("echo-server");
        assertThat(Suggestions.closest("lsiten", COMMANDS)).containsExactly("listen");
        assertThat(Suggestions.closest("Info", COMMANDS)).containsExactly("info");
        assertThat(Suggestions.closest("socket-pair", COMMANDS)).containsExactly("socketpair");
        assertThat(Suggestions.closest("echo", COMMANDS))
                .containsExactly("echo-server", "echo-client");
    }

    @Test
    void nothingIsSuggestedForWhatIsFarFromEveryName() {
        assertThat(Suggestions.closest("frobnicate", COMMANDS)).isEmpty();
        assertThat(Suggestions.closest("x", COMMANDS)).isEmpty();
        assertThat(Suggestions.closest("ab", COMMANDS)).isEmpty();
        assertThat(Suggestions.didYouMean("frobnicate", COMMANDS)).isEmpty();
    }

    @Test
    void suggestionsReadAsASentence() {
        assertThat(Suggestions.didYouMean("conect", COMMANDS))
                .isEqualTo(" (did you mean connect?)");
        assertThat(Suggestions.didYouMean("echo", COMMANDS))
                .isEqualTo(" (did you mean echo-server or echo-client?)");
        assertThat(Suggestions.andList(Arrays.asList("ffm", "jdk16", "junixsocket")))
                .isEqualTo("ffm, jdk16 and junixsocket");
    }
}
