package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line itself: help, version, and usage errors. None of these touches a provider,
 * so they run in this JVM.
 */
class MainTest {

    /** A usage error: status 2, nothing on stdout, one line on stderr containing {@code words}. */
    private static void assertUsageError(Run r, String... words) {
        assertThat(r.status).as("%s", r).isEqualTo(Main.USAGE);
        assertThat(r.out).as("%s", r).isEmpty();
        assertThat(r.err).as("%s", r).endsWith("\n");
        assertThat(r.err.trim()).as("one line: %s", r).doesNotContain("\n");
        assertThat(r.err).as("%s", r).startsWith("uds").doesNotContain("Exception")
                .doesNotContain("\tat ");
        for (String w : words) {
            assertThat(r.err).as("%s", r).contains(w);
        }
    }

    @Test
    void helpListsEveryCommand() {
        Run r = Run.of("--help");
        assertThat(r.status).isZero();
        assertThat(r.err).isEmpty();
        assertThat(r.out).startsWith("usage: uds [global options] COMMAND [options]\n");
        for (String name : Main.commands().keySet()) {
            assertThat(r.out).contains("\n  " + name + " ");
        }
        assertThat(r.out).contains("--provider NAME", "--debug", "--version", "--help");
    }

    @Test
    void everyCommandHasHelp() {
        for (Map.Entry<String, Command> e : Main.commands().entrySet()) {
            Run r = Run.of(e.getKey(), "--help");
            assertThat(r.status).as("%s", r).isZero();
            assertThat(r.err).isEmpty();
            assertThat(r.out).startsWith("usage: uds [global options] " + e.getKey())
                    .contains("--help");
            assertThat(Run.of("help", e.getKey()).out).isEqualTo(r.out);
        }
    }

    @Test
    void helpOfSocketpairSaysTheChildIsAThread() {
        assertThat(Run.of("socketpair", "--help").out).contains("The child is a thread");
    }

    @Test
    void helpOfEchoServerListsItsOptions() {
        assertThat(Run.of("echo-server", "-h").out)
                .contains("--path P", "--mode MODE", "--once", "--allow-uid", "./uds_socket",
                        "--max-per-uid N", "--idle-timeout SECONDS", "(default 300)",
                        "--backlog N", "its maximum, " + io.github.uds4j.BindOptions.DEFAULT_BACKLOG
                                + " here");
    }

    @ParameterizedTest
    @CsvSource({"--max-per-uid, 0", "--max-per-uid, x", "--idle-timeout, -1",
            "--idle-timeout, 86401", "--backlog, 0", "--backlog, 65536", "--max-clients, 0"})
    void invalidEchoServerNumberIsAUsageErrorNamingIt(String option, String value) {
        assertUsageError(Run.of("echo-server", option, value),
                "invalid " + option + " '" + value + "'");
    }

    @Test
    void versionIsTheProjectVersion() {
        Run r = Run.of("--version");
        assertThat(r.status).isZero();
        assertThat(r.out).matches("uds4j \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n");
    }

    @Test
    void noCommandIsAUsageError() {
        assertUsageError(Run.of(), "no command given");
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertUsageError(Run.of("ecko-server"), "unknown command 'ecko-server'");
    }

    @Test
    void unknownGlobalOptionIsAUsageError() {
        assertUsageError(Run.of("--bogus", "info"), "--bogus");
    }

    @Test
    void unknownCommandOptionIsAUsageError() {
        assertUsageError(Run.of("echo-client", "--bogus"), "--bogus", "uds echo-client --help");
    }

    @Test
    void optionWithoutItsValueIsAUsageError() {
        assertUsageError(Run.of("echo-client", "--path"), "path");
    }

    @Test
    void usageErrorsAreInOurWordsNotCommonsClis() {
        assertThat(Run.of("echo-client", "--path").err).isEqualTo("uds echo-client: option"
                + " --path needs a value (--path P); run 'uds echo-client --help'\n");
        assertThat(Run.of("--provider").err).isEqualTo(
                "uds: option --provider needs a value (--provider NAME); run 'uds --help'\n");
        assertThat(Run.of("echo-client", "--bogus").err).isEqualTo(
                "uds echo-client: unrecognized option '--bogus'; run 'uds echo-client --help'\n");
        assertThat(Run.of("echo-server", "-x").err).isEqualTo(
                "uds echo-server: unrecognized option '-x'; run 'uds echo-server --help'\n");
        assertThat(Run.of("echo-server", "--once=yes").err).isEqualTo(
                "uds echo-server: option --once takes no value; run 'uds echo-server --help'\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"echo-client --path", "--provider", "--debug=1 info",
        "echo-client --bogus", "info -x", "connect --type", "listen --count", "bench --bytes",
        "echo-server --once=yes", "--bogus info", "ecko-server", "help ecko"})
    void noUsageErrorShowsCommonsClisWording(String line) {
        Run r = Run.of(line.split(" "));
        assertUsageError(r);
        assertThat(r.err).doesNotContain("Missing argument", "Unrecognized option", "for option:",
                "Missing required");
    }

    @Test
    void aMistypedOptionSuggestsTheClosest() {
        assertUsageError(Run.of("echo-client", "--pth", "x"),
                "unrecognized option '--pth' (did you mean --path?)");
        assertUsageError(Run.of("--debgu", "info"),
                "unrecognized option '--debgu' (did you mean --debug?)");
        assertUsageError(Run.of("listen", "--typ=dgram", "x"),
                "unrecognized option '--typ=dgram' (did you mean --type?)");
    }

    @Test
    void anUnknownCommandSuggestsTheClosest() {
        assertThat(Run.of("ecko-server").err).isEqualTo("uds: unknown command 'ecko-server'"
                + " (did you mean echo-server?); run 'uds --help' for the list\n");
        assertUsageError(Run.of("conect", "./s"), "(did you mean connect?)");
        assertUsageError(Run.of("echo"), "(did you mean echo-server or echo-client?)");
        assertUsageError(Run.of("help", "lsiten"), "unknown command 'lsiten'",
                "(did you mean listen?)");
        Run far = Run.of("frobnicate");
        assertUsageError(far, "unknown command 'frobnicate'");
        assertThat(far.err).doesNotContain("did you mean");
    }

    @Test
    void emptyProviderNameIsAUsageError() {
        assertUsageError(Run.of("--provider", " ", "info"), "--provider");
    }

    @ParameterizedTest
    @ValueSource(strings = {"999", "abc", "0800", "4755", "rw-r--r--x", "rwxrwxrw", ""})
    void invalidModeIsAUsageErrorNamingIt(String mode) {
        assertUsageError(Run.of("echo-server", "--mode", mode), "invalid mode '" + mode + "'");
        assertUsageError(Run.of("listen", "sock", "--mode", mode), "invalid mode '" + mode + "'");
    }

    @Test
    void invalidAllowedUidIsAUsageError() {
        assertUsageError(Run.of("echo-server", "--allow-uid", "1000,root"), "'root'");
    }

    @Test
    void connectWithoutPathIsAUsageError() {
        assertUsageError(Run.of("connect"), "missing ADDRESS");
        assertUsageError(Run.of("listen"), "missing ADDRESS");
    }

    @Test
    void extraArgumentsAreUsageErrors() {
        assertUsageError(Run.of("connect", "a", "b"), "unexpected argument 'b'");
        assertUsageError(Run.of("echo-server", "extra"), "unexpected argument 'extra'");
        assertUsageError(Run.of("info", "extra"), "unexpected argument 'extra'");
        assertUsageError(Run.of("help", "a", "b"));
    }

    @Test
    void tooLongPathIsAUsageErrorNamingTheLimit() {
        StringBuilder path = new StringBuilder("./");
        while (path.length() < 120) {
            path.append('x');
        }
        assertUsageError(Run.of("echo-client", "--path", path.toString()), "limit is " + io.github.uds4j.UnixSocketAddress.MAX_PATH_BYTES + " bytes");
        assertUsageError(Run.of("connect", path.toString()), "limit is " + io.github.uds4j.UnixSocketAddress.MAX_PATH_BYTES + " bytes");
    }

    @Test
    void globalOptionsComeBeforeTheCommand() {
        assertUsageError(Run.of("info", "--debug"), "--debug");
    }

    @Test
    void messageOptionsThatCannotBeObeyedAreUsageErrors() {
        assertUsageError(Run.of("connect", "--type", "raw", "./x"), "--type", "'raw'");
        assertUsageError(Run.of("listen", "--type", "stream", "--count", "2", "./x"), "--count",
                "dgram or seqpacket");
        assertUsageError(Run.of("listen", "--count", "2", "./x"), "--count");
        assertUsageError(Run.of("listen", "--type", "dgram", "--count", "0", "./x"),
                "--count '0'");
        assertUsageError(Run.of("listen", "--type", "dgram", "--count", "x", "./x"),
                "--count 'x'");
        assertUsageError(Run.of("listen", "--type", "dgram", "--allow-uid", "0", "./x"),
                "--allow-uid", "datagram");
        assertUsageError(Run.of("connect", "--count", "2", "./x"), "--count");
    }

    @Test
    void abstractNamesTakeNoFileOptionsAndMustFit() {
        assertUsageError(Run.of("listen", "--mode", "600", "@name"), "--mode", "@name",
                "abstract");
        assertUsageError(Run.of("echo-server", "--path", "@name", "--mode", "600"), "--mode",
                "@name");
        assertUsageError(Run.of("connect", "@"), "'@'", "empty");
    }

    @Test
    void helpOfConnectAndListenSaysTheyEndWhenThePeerCloses() {
        assertThat(Run.of("connect", "--help").out).contains("like nc -N and socat",
                "It does not wait for standard input then");
        assertThat(Run.of("listen", "--help").out)
                .contains("then listen exits, whether or not standard input has ended");
    }

    @Test
    void helpOfConnectAndListenShowsTypesAndAbstractNames() {
        for (String command : new String[] {"connect", "listen"}) {
            String help = Run.of(command, "--help").out;
            assertThat(help).contains("--type TYPE", "stream|dgram|seqpacket", "@NAME",
                    "./@x", "received 1 file descriptor");
        }
        assertThat(Run.of("listen", "--help").out).contains("--count N");
        assertThat(Run.of("connect", "--help").out).contains("unbound");
    }
}
