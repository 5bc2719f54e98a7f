package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code uds bench} with tiny sizes on every provider: the shape of the table and of the JSON,
 * never the timings (the machine is shared and noisy).
 */
class BenchTest {
    private static final String[] TINY = {"--bytes", "64K", "--trips", "20", "--messages", "50",
        "--rounds", "2"};
    private static final String RATIO = "\\d+\\.\\d\\dx";
    private static final String FIGURE = "\\d+(\\.\\d+)? \\[\\d+(\\.\\d+)?\\.\\.\\d+(\\.\\d+)?\\]";

    private static List<String> expectedTransports(String only) {
        List<String> all = new ArrayList<>();
        if (Proc.javaFeature() >= 16 && (only == null || only.equals("jdk16"))) {
            all.add("uds4j jdk16");
            all.add("jdk16 raw");
        }
        if (Proc.javaFeature() >= 22 && (only == null || only.equals("ffm"))) {
            all.add("uds4j ffm");
        }
        if (only == null || only.equals("junixsocket")) {
            all.add("uds4j junixsocket");
            all.add("junixsocket raw");
        }
        all.add("tcp loopback");
        return all;
    }

    /** The rows of the datagram table: every uds4j provider, and junixsocket's raw channel. */
    private static List<String> expectedDatagramTransports(String only) {
        return expectedTransports(only).stream()
                .filter(t -> t.startsWith("uds4j ") || t.equals("junixsocket raw"))
                .collect(Collectors.toList());
    }

    private static String[] bench(String... extra) {
        List<String> args = new ArrayList<>(Arrays.asList("bench"));
        args.addAll(Arrays.asList(TINY));
        args.addAll(Arrays.asList(extra));
        return args.toArray(new String[0]);
    }

    @Test
    void tableShowsEveryTransportInEveryStyleWithRatiosTargetsAndProgress() {
        Run r = Run.of(bench());
        assertThat(r.status).as("%s", r).isEqualTo(Main.OK);
        List<String> lines = Arrays.asList(r.out.split("\n"));
        assertThat(lines.get(0)).startsWith("uds bench: uds4j ").contains("Java "
                + System.getProperty("java.version"), "CPUs usable: ");
        assertThat(lines).contains(
                "Throughput, one direction, MiB/s (higher is better), reads of 64 KiB",
                "Round trip, 1-byte messages, microseconds (lower is better), 20 trips after 2"
                        + " unrecorded",
                "Round trip, 16-byte messages, microseconds (lower is better), 20 trips after 2"
                        + " unrecorded");
        assertThat(lines).anyMatch(l -> l.matches("\\s+64 KiB writes, 64 KiB\\s+16-byte writes,"
                + " 1 KiB"));
        assertThat(lines.stream().filter(l -> l.matches("\\s+mean\\s+p50\\s+p99")).count())
                .isEqualTo(2);
        assertThat(lines).contains("Datagrams, one direction, messages per second (higher is"
                + " better), 50 of each size over a connected pair");
        assertThat(lines).anyMatch(l -> l.matches("\\s+64-byte datagrams\\s+8 KiB datagrams"));
        // 3 styles in each of 3 stream tables, heap and direct in the datagram table
        assertThat(lines.stream().filter(l -> l.equals("byte[] stream") || l.equals(
                "heap ByteBuffer") || l.equals("direct ByteBuffer")).count()).isEqualTo(11);
        List<String> transports = expectedTransports(null);
        List<String> datagramTransports = expectedDatagramTransports(null);
        List<String> tables = lines.subList(0, lines.indexOf("Rows:"));
        for (String t : transports) {
            assertThat(lines).anyMatch(l -> l.matches("  " + t + "\\s+\\S.*")
                    && lines.indexOf(l) > lines.indexOf("Rows:"));
            List<String> rows = tables.stream().filter(l -> l.startsWith("  " + t + "  "))
                    .collect(Collectors.toList());
            boolean datagrams = datagramTransports.contains(t);
            assertThat(rows).as(t).hasSize(datagrams ? 11 : 9);
            // each row is "figure [min..max]" per column, with a ratio beside uds4j's
            boolean uds4j = t.startsWith("uds4j ");
            String cell = FIGURE + (uds4j ? "\\s+" + RATIO : "");
            String name = "  " + t.replace(" ", "\\s") + "\\s+";
            for (int i = 0; i < rows.size(); i++) {
                if (i >= 9 && uds4j && !providerHasDatagrams(t.substring("uds4j ".length()))) {
                    // a provider without datagrams says so in its row
                    assertThat(rows.get(i)).matches(name + "\\S.*\\bDATAGRAM\\b.*");
                    continue;
                }
                int columns = i < 3 || i >= 9 ? 2 : 3;
                StringBuilder row = new StringBuilder(name);
                for (int c = 0; c < columns; c++) {
                    row.append(c == 0 ? "" : "\\s+").append(cell);
                }
                assertThat(rows.get(i)).as(t).matches(row.toString());
            }
        }
        if (Proc.javaFeature() < 22) {
            assertThat(lines).anyMatch(l -> l.startsWith("  not measured: ffm: requires Java 22"));
        } else {
            assertThat(lines).noneMatch(l -> l.startsWith("  not measured: ffm"));
        }
        assertThat(lines).contains("Rows:", "Targets:");
        assertThat(lines).anyMatch(l -> l.startsWith("Start-up, in a fresh JVM: the first"
                + " UnixSockets.backend() took "));
        List<String> targets = lines.subList(lines.indexOf("Targets:") + 1, lines.size());
        int lastTarget = Proc.javaFeature() >= 22 ? 6 : 5;
        assertThat(targets).noneMatch(l -> l.startsWith("  " + (lastTarget + 1) + ". "));
        for (int target = 1; target <= lastTarget; target++) {
            String title = "  " + target + ". ";
            int at = -1;
            for (int i = 0; i < targets.size(); i++) {
                if (targets.get(i).startsWith(title)) {
                    at = i;
                }
            }
            assertThat(at).as("target %s has a title line", target).isNotNegative();
            assertThat(targets.get(at + 1)).as("target %s, its first check", target)
                    .startsWith("     ").matches(".*(met|MISSED|n/a).*");
        }
        if (lastTarget == 6) {
            List<String> ffm = targets.subList(targets.indexOf(targets.stream()
                    .filter(l -> l.startsWith("  6. ")).findFirst().get()) + 1, targets.size());
            assertThat(ffm).anyMatch(l -> l.contains("uds4j ffm / uds4j jdk16, byte[] stream"))
                    .anyMatch(l -> l.contains("uds4j ffm / jdk16 raw, direct ByteBuffer"))
                    .anyMatch(l -> l.contains("uds4j ffm / uds4j jdk16, 1-byte round trip"))
                    .anyMatch(l -> l.contains("uds4j ffm / uds4j junixsocket, 64-byte datagrams"))
                    .anyMatch(l -> l.contains("uds4j ffm / uds4j junixsocket, 8 KiB datagrams"));
        }
        assertThat(String.join("\n", lines)).doesNotContainIgnoringCase("issue");
        List<String> err = r.errLines();
        assertThat(err).contains("uds bench: warm-up", "uds bench: round 1 of 2",
                "uds bench: round 2 of 2", "uds bench: start-up check");
        if (Runtime.getRuntime().availableProcessors() > 1) {
            assertThat(err).anyMatch(l -> l.startsWith("uds bench: warning: this process may run"
                    + " on ") && l.contains("taskset -c 0"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonHasEveryFigureEveryRoundAndTheRatios() {
        Run r = Run.of(bench("--json"));
        assertThat(r.status).as("%s", r).isEqualTo(Main.OK);
        Map<String, Object> json = (Map<String, Object>) Json.parse(r.out);
        assertThat(json).containsKeys("tool", "uds4j", "java", "os", "cpus", "settings",
                "transports", "skipped", "results", "startup", "targets", "warnings");
        Map<String, Object> settings = (Map<String, Object>) json.get("settings");
        assertThat(settings).containsEntry("bytes", 65536.0).containsEntry("smallBytes", 1024.0)
                .containsEntry("trips", 20.0).containsEntry("messages", 50.0)
                .containsEntry("rounds", 2.0);
        List<Map<String, Object>> transports = (List<Map<String, Object>>) json.get("transports");
        List<String> names = transports.stream().map(t -> (String) t.get("name"))
                .collect(Collectors.toList());
        assertThat(names).containsExactlyElementsOf(expectedTransports(null));
        List<Map<String, Object>> results = (List<Map<String, Object>>) json.get("results");
        assertThat(results).hasSize(4 * 3 * names.size()
                + 2 * 2 * expectedDatagramTransports(null).size());
        for (Map<String, Object> result : results) {
            String transport = (String) result.get("transport");
            String kind = (String) result.get("kind");
            assertThat(kind).isIn("throughput", "roundtrip", "datagrams");
            Map<String, Object> metrics = (Map<String, Object>) result.get("metrics");
            if (metrics == null) {
                assertThat(kind).isEqualTo("datagrams");
                assertThat((String) result.get("lacking")).as(transport).contains("DATAGRAM");
                assertThat(providerHasDatagrams(transport.substring("uds4j ".length())))
                        .isFalse();
                continue;
            }
            assertThat(result.get("lacking")).isNull();
            assertThat(metrics.keySet()).containsExactlyElementsOf(kind.equals("throughput")
                    ? Arrays.asList("mibPerSecond") : kind.equals("datagrams")
                    ? Arrays.asList("messagesPerSecond")
                    : Arrays.asList("meanMicros", "p50Micros", "p99Micros"));
            for (Object m : metrics.values()) {
                Map<String, Object> metric = (Map<String, Object>) m;
                assertThat((List<Object>) metric.get("rounds")).hasSize(2)
                        .allMatch(v -> v instanceof Double && (Double) v > 0);
                double median = (Double) metric.get("median");
                assertThat(median).isBetween((Double) metric.get("min"),
                        (Double) metric.get("max"));
                if (transport.startsWith("uds4j ")) {
                    String provider = transport.substring("uds4j ".length());
                    assertThat(result.get("baseline")).isEqualTo(provider.equals("ffm")
                            ? (kind.equals("datagrams") ? "junixsocket raw" : "jdk16 raw")
                            : provider + " raw");
                    assertThat(metric.get("ratio")).isInstanceOf(Double.class);
                } else {
                    assertThat(result.get("baseline")).isNull();
                    assertThat(metric.get("ratio")).isNull();
                }
            }
        }
        List<Map<String, Object>> targets = (List<Map<String, Object>>) json.get("targets");
        assertThat(targets.stream().map(t -> ((Double) t.get("target")).intValue())
                .distinct().sorted().collect(Collectors.toList())).containsExactlyElementsOf(
                        Proc.javaFeature() >= 22 ? Arrays.asList(1, 2, 3, 4, 5, 6)
                                : Arrays.asList(1, 2, 3, 4, 5));
        List<String> skipped = (List<String>) json.get("skipped");
        if (Proc.javaFeature() < 22) {
            assertThat(skipped).anyMatch(x -> x.startsWith("ffm: requires Java 22"));
        } else {
            assertThat(skipped).noneMatch(x -> x.startsWith("ffm:"));
        }
        assertThat(targets).allMatch(t -> t.get("met") instanceof Boolean);
        assertThat(targets).allMatch(t -> t.get("title") instanceof String
                && !((String) t.get("title")).isEmpty());
        Map<String, Object> startup = (Map<String, Object>) json.get("startup");
        assertThat(startup.get("provider")).isEqualTo(Proc.javaFeature() >= 16 ? "jdk16"
                : "junixsocket");
        assertThat(startup.get("junixsocketClassesWithFacade")).isEqualTo(0.0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void providerOptionMeasuresOnlyThatProviderItsBaselineAndTcp() {
        for (String provider : Arrays.asList("junixsocket", "jdk16", "ffm")) {
            if (Proc.javaFeature() < (provider.equals("ffm") ? 22 : 16)) {
                continue;
            }
            Run r = Run.of(bench("--json", "--provider", provider));
            assertThat(r.status).as("%s", r).isEqualTo(Main.OK);
            Map<String, Object> json = (Map<String, Object>) Json.parse(r.out);
            List<String> names = ((List<Map<String, Object>>) json.get("transports")).stream()
                    .map(t -> (String) t.get("name")).collect(Collectors.toList());
            assertThat(names).containsExactlyElementsOf(expectedTransports(provider));
        }
    }

    /**
     * Whether the provider's datagram sockets work here: asked of the provider itself, so
     * that the test follows when a provider gains them.
     */
    private static boolean providerHasDatagrams(String provider) {
        try {
            io.github.uds4j.UnixDatagramSocket[] pair = io.github.uds4j.UnixSockets
                    .backend(provider).openDatagramPair();
            pair[0].close();
            pair[1].close();
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void badSizesAndCountsAreUsageErrors() {
        for (String[] args : new String[][] {{"--bytes", "0"}, {"--bytes", "lots"},
            {"--bytes", "1T"}, {"--trips", "0"}, {"--messages", "0"}, {"--rounds", "-1"},
            {"--rounds", "x"}}) {
            Run r = Run.of("bench", args[0], args[1]);
            assertThat(r.status).as("%s %s: %s", args[0], args[1], r).isEqualTo(Main.USAGE);
            assertThat(r.err).startsWith("uds bench: invalid ");
            assertThat(r.out).isEmpty();
        }
    }

    @Test
    void sizesTakeBinaryUnits() throws Exception {
        assertThat(Bench.size("65536")).isEqualTo(65536);
        assertThat(Bench.size("64K")).isEqualTo(65536);
        assertThat(Bench.size("64KiB")).isEqualTo(65536);
        assertThat(Bench.size("256m")).isEqualTo(256L << 20);
        assertThat(Bench.size("1G")).isEqualTo(1L << 30);
        assertThat(Bench.size("2 GiB")).isEqualTo(2L << 30);
    }

    @Test
    void unknownProviderIsAUsageError() {
        Run r = Run.of("bench", "--provider", "bogus", "--bytes", "1K");
        assertThat(r.status).as("%s", r).isEqualTo(Main.USAGE);
        assertThat(r.out).isEmpty();
        assertThat(r.err).startsWith("uds bench: unknown provider 'bogus'");
    }

    @Test
    void helpListsTheCommandAndItsOptions() {
        Run r = Run.of("bench", "--help");
        assertThat(r.status).isEqualTo(Main.OK);
        assertThat(r.out).contains("usage: uds [global options] bench", "--bytes N",
                "--trips N", "--messages N", "--rounds N", "--quick", "--json",
                "--provider NAME",
                "taskset -c 0");
        assertThat(Run.of("--help").out).contains("  bench ");
    }
}
