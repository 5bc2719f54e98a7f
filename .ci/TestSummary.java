import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Sums up one test run from the surefire reports that .ci/run saved (one folder per module), in
 * one line, then lists every skipped test with its reason, and checks the run:
 *
 * <pre>
 * java .ci/TestSummary.java LABEL RUN_DIR [options] MODULE...
 *   --java-version PREFIX  every report's java.version must start with PREFIX (the JVM really ran)
 *   --java-version-of MODULE PREFIX
 *                          the same for MODULE, instead of the above (uds-ffm's tests run on the
 *                          JDK 22+ that its toolchain finds, whatever JDK runs Maven)
 *   --no-skip MODULE       no test of MODULE may be skipped, whatever --allow-skip allows
 *   --allow-skip REGEX     a skipped test whose reason does not match REGEX fails the check
 *   --same-as RUN_DIR      each module must have run as many tests as in that other run
 * </pre>
 *
 * Prints, e.g., {@code java 8: uds-api 18, uds-junixsocket 97, uds-cli 97 tests, 27 skipped}.
 * Exits 1 if a module has no reports or no tests, a test failed, or a check does not hold.
 */
public class TestSummary {
    private static final class Result {
        int tests;
        int skipped;
        int failed;
        final List<String> skips = new ArrayList<>(); // "Class.test: reason"
        final TreeMap<String, Integer> javaVersions = new TreeMap<>();
        final TreeMap<String, Integer> javaHomes = new TreeMap<>();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: TestSummary LABEL RUN_DIR [--java-version P]"
                    + " [--java-version-of MODULE P]... [--allow-skip REGEX]"
                    + " [--no-skip MODULE]... [--same-as RUN_DIR] MODULE...");
            System.exit(2);
        }
        String label = args[0];
        Path run = Paths.get(args[1]);
        String javaVersion = null;
        Pattern allowSkip = null;
        Path sameAs = null;
        Map<String, String> javaVersionOf = new LinkedHashMap<>();
        List<String> noSkip = new ArrayList<>();
        List<String> modules = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--java-version": javaVersion = args[++i]; break;
                case "--allow-skip": allowSkip = Pattern.compile(args[++i]); break;
                case "--same-as": sameAs = Paths.get(args[++i]); break;
                case "--java-version-of": javaVersionOf.put(args[i + 1], args[i + 2]); i += 2; break;
                case "--no-skip": noSkip.add(args[++i]); break;
                default: modules.add(args[i]);
            }
        }

        List<String> problems = new ArrayList<>();
        Map<String, Result> results = new LinkedHashMap<>();
        for (String module : modules) {
            Result r = read(run.resolve(module));
            results.put(module, r);
            if (r.tests == 0) {
                problems.add(module + ": no tests ran (no reports in " + run.resolve(module) + ")");
            }
            if (r.failed > 0) {
                problems.add(module + ": " + r.failed + " test(s) failed or had errors");
            }
            String expectedVersion = javaVersionOf.getOrDefault(module, javaVersion);
            if (expectedVersion != null) {
                for (String v : r.javaVersions.keySet()) {
                    if (!v.startsWith(expectedVersion)) {
                        problems.add(module + ": tests ran on java.version " + v + ", expected "
                                + expectedVersion + "*");
                    }
                }
            }
            if (noSkip.contains(module)) {
                for (String s : r.skips) {
                    problems.add(module + ": no test may be skipped here, but: " + s);
                }
            }
            if (allowSkip != null) {
                for (String s : r.skips) {
                    String reason = s.substring(s.indexOf(": ") + 2);
                    if (!allowSkip.matcher(reason).find()) {
                        problems.add(module + ": skipped for a reason not expected here: " + s);
                    }
                }
            }
            if (sameAs != null) {
                Result other = read(sameAs.resolve(module));
                if (other.tests != r.tests) {
                    problems.add(module + ": " + r.tests + " tests ran, but " + other.tests
                            + " in " + sameAs);
                }
            }
        }

        int skipped = results.values().stream().mapToInt(r -> r.skipped).sum();
        String counts = results.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().tests)
                .collect(Collectors.joining(", "));
        TreeMap<String, Integer> versions = new TreeMap<>();
        TreeMap<String, Integer> homes = new TreeMap<>();
        results.values().forEach(r -> {
            r.javaVersions.forEach((k, v) -> versions.merge(k, v, Integer::sum));
            r.javaHomes.forEach((k, v) -> homes.merge(k, v, Integer::sum));
        });
        PrintStream out = System.out;
        out.println(label + ": " + counts + " tests, " + skipped + " skipped"
                + " (java.version " + String.join(", ", versions.keySet())
                + " at " + String.join(", ", homes.keySet()) + ")");
        for (Map.Entry<String, Result> e : results.entrySet()) {
            for (String s : e.getValue().skips) {
                out.println("  skipped: " + e.getKey() + " " + s);
            }
        }
        if (!problems.isEmpty()) {
            out.println("  FAILED:");
            problems.forEach(p -> out.println("    " + p));
            System.exit(1);
        }
    }

    private static Result read(Path dir) throws Exception {
        Result r = new Result();
        if (!Files.isDirectory(dir)) {
            return r;
        }
        List<Path> reports;
        try (Stream<Path> s = Files.list(dir)) {
            reports = s.filter(p -> p.getFileName().toString().startsWith("TEST-")
                    && p.getFileName().toString().endsWith(".xml")).sorted()
                    .collect(Collectors.toList());
        }
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        for (Path report : reports) {
            Document doc = f.newDocumentBuilder().parse(report.toFile());
            Element suite = doc.getDocumentElement();
            NodeList props = suite.getElementsByTagName("property");
            for (int i = 0; i < props.getLength(); i++) {
                Element p = (Element) props.item(i);
                if (p.getAttribute("name").equals("java.version")) {
                    r.javaVersions.merge(p.getAttribute("value"), 1, Integer::sum);
                } else if (p.getAttribute("name").equals("java.home")) {
                    r.javaHomes.merge(p.getAttribute("value"), 1, Integer::sum);
                }
            }
            NodeList cases = suite.getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element c = (Element) cases.item(i);
                r.tests++;
                String cls = c.getAttribute("classname");
                String name = cls.substring(cls.lastIndexOf('.') + 1) + "." + c.getAttribute("name");
                if (c.getElementsByTagName("failure").getLength() > 0
                        || c.getElementsByTagName("error").getLength() > 0) {
                    r.failed++;
                }
                NodeList skipped = c.getElementsByTagName("skipped");
                if (skipped.getLength() > 0) {
                    r.skipped++;
                    r.skips.add(name + ": " + reason((Element) skipped.item(0)));
                }
            }
        }
        return r;
    }

    /** The reason of a skip: the message, or the first line of the exception without its type. */
    private static String reason(Element skipped) {
        String message = skipped.getAttribute("message");
        if (message.isEmpty()) {
            String text = skipped.getTextContent().trim();
            int nl = text.indexOf('\n');
            message = nl < 0 ? text : text.substring(0, nl).trim();
            message = message.replaceFirst("^[\\w.$]+(Exception|Error): ", "")
                    .replaceFirst("^Assumption failed: ", "");
        }
        return message.isEmpty() ? "(no reason given)" : message;
    }
}
