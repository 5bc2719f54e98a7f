package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routing by capability with the three providers on the class path, each case in a fresh JVM
 * ({@link RoutingProbe}, run with {@code -verbose:class}): on Java 16+ streams use jdk16 (200);
 * what jdk16 lacks (datagrams, abstract names) goes to ffm (150) on Java 22+ and never touches
 * junixsocket, and to junixsocket (100) on Java 16 to 21, whose classes and native library are
 * loaded only when the first such socket is made; a forced jdk16 refuses datagrams, naming the
 * capability and itself; a forced ffm does everything. Below Java 16 junixsocket does
 * everything.
 */
class RoutingTest {
    /** A line of {@code -verbose:class} for a class of junixsocket itself. */
    private static final String JUNIXSOCKET_CLASS = "org.newsclub.";
    /** The ffm provider's libc bindings: loaded only when ffm makes a socket. */
    private static final String FFM_LIBC_CLASS = "io.github.uds4j.ffm.LibC ";

    private static void assumeJava16() {
        assumeTrue(Proc.javaFeature() >= 16, "needs Java 16+ (the jdk16 provider); running "
                + System.getProperty("java.version"));
    }

    /** The probe's output: the marks, and the junixsocket classes loaded before each. */
    private static final class Run {
        final List<String> marks = new ArrayList<String>();
        final List<Integer> junixsocketClassesBefore = new ArrayList<Integer>();
        int junixsocketClasses;
        boolean ffmLibcLoaded;
        final Proc proc;

        Run(Proc proc) {
            this.proc = proc;
            for (String line : proc.out()) {
                if (line.startsWith(RoutingProbe.MARK)) {
                    marks.add(line.substring(RoutingProbe.MARK.length()));
                    junixsocketClassesBefore.add(junixsocketClasses);
                } else if (line.contains(JUNIXSOCKET_CLASS)) {
                    junixsocketClasses++;
                } else if (line.contains(FFM_LIBC_CLASS)) {
                    ffmLibcLoaded = true;
                }
            }
        }
    }

    private static Run probe(Path dir, String forced, String... steps) throws Exception {
        List<String> c = new ArrayList<String>();
        c.add(Proc.java());
        if (Proc.javaFeature() >= 22) {
            c.add("--enable-native-access=ALL-UNNAMED");
        }
        c.add("-verbose:class");
        if (forced != null) {
            c.add("-D" + Main.PROVIDER_PROPERTY + "=" + forced);
        }
        c.add("-cp");
        c.add(System.getProperty("java.class.path"));
        c.add(RoutingProbe.class.getName());
        c.add(dir.toString());
        for (String s : steps) {
            c.add(s);
        }
        Proc p = Proc.run(dir, c);
        assertThat(p.exitValue()).as("%s", p).isZero();
        Run r = new Run(p);
        assertThat(r.marks).as("%s", p).hasSize(steps.length);
        return r;
    }

    @Test
    void streamsAloneLoadNoJunixsocketClassAndMapNoNativeLibrary(@TempDir Path dir)
            throws Exception {
        assumeJava16();
        Run r = probe(dir, null, "stream", "stream");
        assertThat(r.marks).containsExactly("stream jdk16 jdk16 0", "stream jdk16 jdk16 0");
        assertThat(r.junixsocketClasses).as("junixsocket classes loaded").isZero();
        assertThat(r.ffmLibcLoaded).as("ffm's libc bindings loaded").isFalse();
        // The check can see class loading: the probe's own classes are in the log.
        assertThat(String.join("\n", r.proc.out())).contains(RoutingProbe.class.getName());
    }

    @Test
    void theFirstDatagramSocketGoesWhereDatagramsAreAndStreamsStayWhereTheyWere(
            @TempDir Path dir) throws Exception {
        Run r = probe(dir, null, "stream", "datagram", "stream");
        if (Proc.javaFeature() >= 22) {
            // ffm (150) before junixsocket (100): junixsocket is never loaded.
            assertThat(r.marks).containsExactly("stream jdk16 jdk16 0", "datagram ffm 0",
                    "stream jdk16 jdk16 0");
            assertThat(r.junixsocketClasses).as("junixsocket classes loaded").isZero();
        } else if (Proc.javaFeature() >= 16) {
            assertThat(r.marks).containsExactly("stream jdk16 jdk16 0", "datagram junixsocket 1",
                    "stream jdk16 jdk16 1");
            assertThat(r.junixsocketClassesBefore.get(0)).as("junixsocket classes before the"
                    + " datagram socket").isZero();
            assertThat(r.junixsocketClassesBefore.get(1)).as("junixsocket classes once it is"
                    + " made").isPositive();
        } else {
            // jdk16 cannot work here: junixsocket does everything, from the first stream on.
            assertThat(r.marks).containsExactly("stream junixsocket junixsocket 1",
                    "datagram junixsocket 1", "stream junixsocket junixsocket 1");
            assertThat(r.junixsocketClassesBefore.get(0)).isPositive();
        }
    }

    @Test
    void anAbstractNameGoesToFfmOnJava22AndToJunixsocketBefore(@TempDir Path dir)
            throws Exception {
        Run r = probe(dir, null, "stream", "abstract", "stream");
        if (Proc.javaFeature() >= 22) {
            assertThat(r.marks).containsExactly("stream jdk16 jdk16 0", "abstract ffm ffm 0",
                    "stream jdk16 jdk16 0");
            assertThat(r.junixsocketClasses).as("junixsocket classes loaded").isZero();
            assertThat(r.ffmLibcLoaded).isTrue();
        } else if (Proc.javaFeature() >= 16) {
            assertThat(r.marks).containsExactly("stream jdk16 jdk16 0",
                    "abstract junixsocket junixsocket 1", "stream jdk16 jdk16 1");
            assertThat(r.junixsocketClassesBefore.get(0)).as("junixsocket classes before the"
                    + " abstract name").isZero();
            assertThat(r.junixsocketClassesBefore.get(1)).as("junixsocket classes once it is"
                    + " bound").isPositive();
        } else {
            assertThat(r.marks).containsExactly("stream junixsocket junixsocket 1",
                    "abstract junixsocket junixsocket 1", "stream junixsocket junixsocket 1");
        }
    }

    @Test
    void aForcedFfmDoesEverything(@TempDir Path dir) throws Exception {
        assumeTrue(Proc.javaFeature() >= 22, "needs Java 22+ (the ffm provider); running "
                + System.getProperty("java.version"));
        Run r = probe(dir, "ffm", "stream", "abstract", "datagram");
        assertThat(r.marks).containsExactly("stream ffm ffm 0", "abstract ffm ffm 0",
                "datagram ffm 0");
        assertThat(r.junixsocketClasses).as("junixsocket classes loaded").isZero();
    }

    @Test
    void aForcedJdk16RefusesDatagramsNamingTheCapabilityAndItself(@TempDir Path dir)
            throws Exception {
        assumeJava16();
        Run r = probe(dir, "jdk16", "datagram", "stream");
        assertThat(r.marks.get(0)).startsWith("datagram unsupported ")
                .contains("DATAGRAM").contains("jdk16").contains("uds4j.provider");
        assertThat(r.marks.get(1)).isEqualTo("stream jdk16 jdk16 0");
        assertThat(r.junixsocketClasses).as("nothing was routed to junixsocket").isZero();
    }
}
