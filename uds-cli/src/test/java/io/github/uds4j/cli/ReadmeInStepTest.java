package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the README's Java code in step with the test sources that compile and run it. Every
 * {@code ```java} block of README.md must come right after a marker line
 * {@code <!-- sample: PATH -->} (PATH relative to the project's root), and must equal the
 * regions of that file between the lines {@code // readme:start} and {@code // readme:end}: each
 * region without its common indentation, trailing blanks removed, regions joined by one empty
 * line. A file that shows several blocks names its regions ({@code // readme:start NAME}), and
 * a marker {@code <!-- sample: PATH#NAME -->} takes only the regions of that name.
 */
class ReadmeInStepTest {
    private static final Pattern MARKER = Pattern.compile("<!-- sample: ([^\\s#]+)(?:#(\\S+))? -->");
    private static final String START = "// readme:start";
    private static final String END = "// readme:end";

    @TempDir
    Path dir;

    @Test
    void everyJavaBlockOfTheReadmeIsTheMarkedCodeOfItsSample() throws IOException {
        Path root = Paths.get("").toAbsolutePath().getParent();
        Path readme = root.resolve("README.md");
        assertThat(readme).as("the README beside the module directory").exists();
        List<String> checked = new ArrayList<String>();
        List<String> problems = check(lines(readme), root, checked);
        assertThat(problems).as("README.md against its samples").isEmpty();
        assertThat(checked).as("the samples the README shows").containsExactly(
                "uds-cli/src/test/java/io/github/uds4j/cli/readme/Echo.java",
                "uds-cli/src/test/java/io/github/uds4j/cli/readme/Permissions.java",
                "uds-cli/src/test/java/io/github/uds4j/cli/readme/Datagrams.java",
                "uds-cli/src/test/java/io/github/uds4j/cli/readme/OkHttp.java",
                "uds-clients/src/test/java/io/github/uds4j/clients/MysqlConnectorTest.java",
                "uds-clients/src/test/java/io/github/uds4j/clients/MariaDbConnectorTest.java",
                "uds-clients/src/test/java/io/github/uds4j/clients/JedisTest.java#one",
                "uds-clients/src/test/java/io/github/uds4j/clients/JedisTest.java#pooled",
                "uds-clients/src/test/java/io/github/uds4j/clients/JedisTest.java#pool",
                "uds-clients/src/test/java/io/github/uds4j/clients/HttpClient5Test.java#client",
                "uds-clients/src/test/java/io/github/uds4j/clients/HttpClient5Test.java#pool",
                "uds-clients/src/test/java/io/github/uds4j/clients/NettyOioTest.java");
    }

    // ---- the check itself, on made-up READMEs and samples ----

    @Test
    void aBlockEqualToTheRegionsPassesWhateverTheirIndentation() throws IOException {
        Path root = sample("A.java", "package p;", "// readme:start", "import x.Y;", "// readme:end",
                "class A {", "    void f() {", "        // readme:start", "        if (y) {",
                "            g();   ", "        }", "        // readme:end", "    }", "}");
        List<String> readme = Arrays.asList("text", "<!-- sample: A.java -->", "```java",
                "import x.Y;", "", "if (y) {", "    g();", "}", "```", "more text");
        assertThat(check(readme, root, new ArrayList<String>())).isEmpty();
    }

    @Test
    void aChangedLineFailsNamingBothPlaces() throws IOException {
        Path root = sample("A.java", "// readme:start", "int a = 1;", "int b = 2;", "// readme:end");
        List<String> readme = Arrays.asList("<!-- sample: A.java -->", "```java", "int a = 1;",
                "int b = 3;", "```");
        assertThat(check(readme, root, new ArrayList<String>())).containsExactly(
                "README.md:4 differs from A.java's readme regions, line 2:\n"
                        + "  README: int b = 3;\n  sample: int b = 2;");
    }

    @Test
    void aLineMoreOrLessFails() throws IOException {
        Path root = sample("A.java", "// readme:start", "int a = 1;", "// readme:end");
        List<String> longer = Arrays.asList("<!-- sample: A.java -->", "```java", "int a = 1;",
                "int b = 2;", "```");
        assertThat(check(longer, root, new ArrayList<String>())).containsExactly(
                "README.md:4 differs from A.java's readme regions, line 2:\n"
                        + "  README: int b = 2;\n  sample: (end of the regions)");
        List<String> shorter = Arrays.asList("<!-- sample: A.java -->", "```java", "```");
        assertThat(check(shorter, root, new ArrayList<String>())).containsExactly(
                "README.md:3 differs from A.java's readme regions, line 1:\n"
                        + "  README: (end of the block)\n  sample: int a = 1;");
    }

    @Test
    void anUnmarkedJavaBlockFails() throws IOException {
        Path root = sample("A.java", "// readme:start", "int a = 1;", "// readme:end");
        List<String> readme = Arrays.asList("Some code:", "", "```java", "int a = 1;", "```",
                "```sh", "ls", "```");
        assertThat(check(readme, root, new ArrayList<String>())).containsExactly(
                "README.md:3: a ```java block without a <!-- sample: PATH --> line right before it");
    }

    @Test
    void aMarkerWithoutAJavaBlockOrASampleWithoutRegionsFails() throws IOException {
        Path root = sample("A.java", "class A {}");
        List<String> readme = Arrays.asList("<!-- sample: A.java -->", "text",
                "<!-- sample: A.java -->", "```java", "class A {}", "```",
                "<!-- sample: B.java -->", "```java", "```");
        assertThat(check(readme, root, new ArrayList<String>())).containsExactly(
                "README.md:1: a sample marker not followed by a ```java block",
                "README.md:3: A.java has no // readme:start ... // readme:end region",
                "README.md:7: B.java: no such file");
    }

    @Test
    void anUnclosedRegionOrABlockWithoutEndFails() throws IOException {
        Path root = sample("A.java", "// readme:start", "int a = 1;");
        List<String> readme = Arrays.asList("<!-- sample: A.java -->", "```java", "int a = 1;");
        assertThat(check(readme, root, new ArrayList<String>())).containsExactly(
                "README.md:2: the ```java block has no closing ```",
                "README.md:1: A.java: a // readme:start on line 1 has no // readme:end");
    }

    @Test
    void aNamedMarkerTakesOnlyTheRegionsOfThatName() throws IOException {
        Path root = sample("A.java", "// readme:start one", "int a = 1;", "// readme:end",
                "// readme:start two", "int b = 2;", "// readme:end");
        List<String> checked = new ArrayList<String>();
        assertThat(check(Arrays.asList("<!-- sample: A.java#two -->", "```java", "int b = 2;",
                "```"), root, checked)).isEmpty();
        assertThat(checked).containsExactly("A.java#two");
        assertThat(check(Arrays.asList("<!-- sample: A.java#one -->", "```java", "int b = 2;",
                "```"), root, new ArrayList<String>())).containsExactly(
                "README.md:3 differs from A.java's readme regions, line 1:\n  README: int b = 2;"
                        + "\n  sample: int a = 1;");
        assertThat(check(Arrays.asList("<!-- sample: A.java#three -->", "```java", "int b = 2;",
                "```"), root, new ArrayList<String>())).containsExactly(
                "README.md:1: A.java has no // readme:start three ... // readme:end region");
    }

    // ---- implementation ----

    /**
     * Returns what is wrong with the README's Java blocks, one line each, and adds the path of
     * every sample it compared to {@code checked}.
     */
    static List<String> check(List<String> readme, Path root, List<String> checked)
            throws IOException {
        List<String> problems = new ArrayList<String>();
        for (int i = 0; i < readme.size(); i++) {
            String line = readme.get(i).trim();
            Matcher marker = MARKER.matcher(line);
            if (marker.matches()) {
                if (i + 1 >= readme.size() || !readme.get(i + 1).trim().equals("```java")) {
                    problems.add("README.md:" + (i + 1)
                            + ": a sample marker not followed by a ```java block");
                }
                continue;
            }
            if (!line.equals("```java")) {
                continue;
            }
            int end = i + 1;
            while (end < readme.size() && !readme.get(end).trim().equals("```")) {
                end++;
            }
            if (end == readme.size()) {
                problems.add("README.md:" + (i + 1) + ": the ```java block has no closing ```");
            }
            Matcher m = i == 0 ? null : MARKER.matcher(readme.get(i - 1).trim());
            if (m == null || !m.matches()) {
                problems.add("README.md:" + (i + 1)
                        + ": a ```java block without a <!-- sample: PATH --> line right before it");
            } else {
                compare(readme, i, end, root, m.group(1), m.group(2), problems, checked);
            }
            i = end;
        }
        return problems;
    }

    private static void compare(List<String> readme, int fence, int end, Path root, String path,
            String name, List<String> problems, List<String> checked) throws IOException {
        String where = "README.md:" + fence;
        Path file = root.resolve(path);
        if (!Files.isRegularFile(file)) {
            problems.add(where + ": " + path + ": no such file");
            return;
        }
        List<String> sample = regions(lines(file), name, path, where, problems);
        if (sample == null) {
            return;
        }
        if (sample.isEmpty()) {
            problems.add(where + ": " + path + " has no " + START + (name == null ? "" : " " + name)
                    + " ... " + END + " region");
            return;
        }
        checked.add(name == null ? path : path + "#" + name);
        List<String> block = normalised(readme.subList(fence + 1, end));
        for (int k = 0; k < Math.max(block.size(), sample.size()); k++) {
            String a = k < block.size() ? block.get(k) : "(end of the block)";
            String b = k < sample.size() ? sample.get(k) : "(end of the regions)";
            if (!a.equals(b)) {
                problems.add("README.md:" + (fence + 2 + k) + " differs from " + path
                        + "'s readme regions, line " + (k + 1) + ":\n  README: " + a
                        + "\n  sample: " + b);
                return;
            }
        }
    }

    /**
     * Returns the file's regions named {@code name} (or without a name, if it is null),
     * normalised and joined by an empty line; null (after adding a problem) if a region is not
     * closed.
     */
    private static List<String> regions(List<String> source, String name, String path,
            String where, List<String> problems) {
        String wanted = name == null ? START : START + " " + name;
        List<String> joined = new ArrayList<String>();
        int start = -1;
        boolean taken = false;
        for (int i = 0; i < source.size(); i++) {
            String t = source.get(i).trim();
            if (t.startsWith(START) && start < 0) {
                start = i;
                taken = t.equals(wanted);
            } else if (t.equals(END) && start >= 0) {
                if (taken) {
                    if (!joined.isEmpty()) {
                        joined.add("");
                    }
                    joined.addAll(normalised(source.subList(start + 1, i)));
                }
                start = -1;
            }
        }
        if (start >= 0) {
            problems.add(where + ": " + path + ": a " + START + " on line " + (start + 1)
                    + " has no " + END);
            return null;
        }
        return joined;
    }

    /** Returns the lines without their common indentation and without trailing blanks. */
    private static List<String> normalised(List<String> lines) {
        int indent = Integer.MAX_VALUE;
        for (String line : lines) {
            String t = stripEnd(line);
            if (!t.isEmpty()) {
                int n = 0;
                while (t.charAt(n) == ' ') {
                    n++;
                }
                indent = Math.min(indent, n);
            }
        }
        List<String> out = new ArrayList<String>();
        for (String line : lines) {
            String t = stripEnd(line);
            out.add(t.isEmpty() ? "" : t.substring(indent));
        }
        return out;
    }

    private static String stripEnd(String s) {
        int n = s.length();
        while (n > 0 && Character.isWhitespace(s.charAt(n - 1))) {
            n--;
        }
        return s.substring(0, n);
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    /** Writes a file NAME with these lines into the test's directory and returns the directory. */
    private Path sample(String name, String... lines) throws IOException {
        Files.write(dir.resolve(name), Arrays.asList(lines), StandardCharsets.UTF_8);
        return dir;
    }
}
