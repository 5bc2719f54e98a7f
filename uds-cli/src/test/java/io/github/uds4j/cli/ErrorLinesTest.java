package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every error line starts with {@code uds: } or {@code uds COMMAND: }, failures at run time as
 * well as usage errors; a {@code --provider} that names no provider is a usage error, said before
 * anything is printed on standard output.
 */
class ErrorLinesTest {

    @Test
    void aFailureAtRunTimeStartsWithTheCommand(@TempDir Path dir) {
        String missing = dir.resolve("missing.sock").toString();
        Run r = Run.of("connect", missing);
        assertThat(r.status).as("%s", r).isEqualTo(Main.FAILURE);
        assertThat(r.out).isEmpty();
        assertThat(r.err).isEqualTo("uds connect: " + missing + ": No such file or directory\n");

        Run client = Run.of("echo-client", "--path", missing);
        assertThat(client.status).as("%s", client).isEqualTo(Main.FAILURE);
        assertThat(client.err).isEqualTo("uds echo-client: " + missing
                + ": No such file or directory\n");
    }

    /** {@code java -Duds4j.provider=NAME ... Main args}: the library's property, not the option. */
    private static List<String> udsWithProperty(String provider, String... args) {
        List<String> command = Proc.uds(null, args);
        command.add(1, "-Duds4j.provider=" + provider);
        return command;
    }

    @ParameterizedTest
    @ValueSource(strings = {"socketpair", "echo-client", "info", "demo"})
    void anUnknownProviderIsAUsageErrorBeforeAnyOutput(String command, @TempDir Path dir)
            throws Exception {
        Proc p = Proc.run(dir, Proc.uds("bogus", command));
        assertThat(p.exitValue()).as("%s", p).isEqualTo(Main.USAGE);
        assertThat(p.out()).as("%s", p).isEmpty();
        assertThat(p.err()).as("%s", p).hasSize(1);
        assertThat(p.err().get(0)).startsWith("uds " + command + ": unknown provider 'bogus';"
                + " the providers here are ").contains("jdk16", "junixsocket");
    }

    @Test
    void anUnknownProviderSuggestsTheClosest(@TempDir Path dir) throws Exception {
        Proc p = Proc.run(dir, Proc.uds("jdk17", "echo-client"));
        assertThat(p.exitValue()).as("%s", p).isEqualTo(Main.USAGE);
        assertThat(p.out()).as("%s", p).isEmpty();
        assertThat(p.err()).as("%s", p).hasSize(1);
        assertThat(p.err().get(0)).startsWith(
                "uds echo-client: unknown provider 'jdk17' (did you mean jdk16?); ");
    }

    @Test
    void benchsUnknownProviderIsAUsageErrorToo() {
        Run r = Run.of("bench", "--provider", "junixsockt", "--bytes", "1K");
        assertThat(r.status).as("%s", r).isEqualTo(Main.USAGE);
        assertThat(r.out).isEmpty();
        assertThat(r.err).startsWith("uds bench: unknown provider 'junixsockt'"
                + " (did you mean junixsocket?); the providers here are ");
    }

    /** ffm is on the class path but needs Java 22: the work fails, not the command line. */
    @Test
    void aProviderFoundThatCannotWorkHereIsAFailureNamingIt(@TempDir Path dir) throws Exception {
        assumeTrue(Proc.javaFeature() < 22, "needs Java 21 or older: ffm works on Java 22 and newer");
        Proc p = Proc.run(dir, Proc.uds("ffm", "socketpair"));
        assertThat(p.exitValue()).as("%s", p).isEqualTo(Main.FAILURE);
        assertThat(p.out()).as("%s", p).isEmpty();
        assertThat(p.err()).as("%s", p).hasSize(1);
        assertThat(p.err().get(0)).startsWith("uds socketpair: --provider ffm: ")
                .contains("requires Java 22").doesNotContain("-Duds4j.provider");
    }

    @Test
    void infoWithoutAUsableProviderSaysSoInALineStartingWithTheCommand(@TempDir Path dir)
            throws Exception {
        Proc p = Proc.run(dir, udsWithProperty("bogus", "info"));
        assertThat(p.exitValue()).as("%s", p).isEqualTo(Main.FAILURE);
        assertThat(p.err()).as("%s", p).hasSize(1);
        assertThat(p.err().get(0)).startsWith("uds info: no usable provider: ")
                .contains("no provider named 'bogus'");
    }

    @Test
    void aForcedPropertyNamingNoProviderFailsACommandInOneLine(@TempDir Path dir)
            throws Exception {
        Proc p = Proc.run(dir, udsWithProperty("bogus", "socketpair"));
        assertThat(p.exitValue()).as("%s", p).isEqualTo(Main.FAILURE);
        assertThat(p.out()).isEmpty();
        assertThat(p.err()).as("%s", p).hasSize(1);
        assertThat(p.err().get(0)).startsWith("uds socketpair: -Duds4j.provider=bogus: ")
                .contains("jdk16", "junixsocket");
    }
}
