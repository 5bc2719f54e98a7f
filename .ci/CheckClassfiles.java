import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks the class-file versions of what the build made (run by .ci/check-classfiles after
 * `mvn verify`, from the project root): Java 8 (major 52) for every class of uds-api,
 * uds-junixsocket and uds-cli, main and test, in target/ and in their jars; Java 16 (major 60)
 * for uds-jdk16's; Java 22 (major 66) for uds-ffm's (compiled with --release 22 by the JDK 22+
 * its toolchain finds); and in the runnable uds-cli/target/uds.jar, uds4j's own classes as above and
 * every other class loadable by Java 8 (at most 52), except multi-release entries under
 * META-INF/versions/N/, which may be as new as Java N. Each module's descriptor is
 * META-INF/versions/9/module-info.class, major 53 (Java 9), named as the manifest's
 * Automatic-Module-Name, in a jar whose manifest says Multi-Release: true, and nowhere else (no
 * module-info.class at the root; none at all in uds.jar, which runs on the class path). Exits 1
 * with the offending files listed.
 */
public class CheckClassfiles {
    private static final int JAVA8 = 52;
    private static final int JAVA9 = 53;
    private static final String DESCRIPTOR = "META-INF/versions/9/module-info.class";
    private static final int JAVA16 = 60;
    private static final int JAVA22 = 66;

    private final List<String> problems = new ArrayList<>();

    public static void main(String[] args) throws IOException {
        CheckClassfiles check = new CheckClassfiles();
        check.module("uds-api", JAVA8);
        check.module("uds-junixsocket", JAVA8);
        check.module("uds-cli", JAVA8);
        check.module("uds-jdk16", JAVA16);
        check.module("uds-ffm", JAVA22);
        check.runnableJar(Paths.get("uds-cli/target/uds.jar"));
        if (!check.problems.isEmpty()) {
            System.out.println("FAILED: " + check.problems.size() + " problem(s)");
            check.problems.forEach(p -> System.out.println("  " + p));
            System.exit(1);
        }
        System.out.println("OK: class-file versions as expected");
    }

    /** Every class of the module's classes, test-classes and jars must have major {@code want}. */
    private void module(String module, int want) throws IOException {
        Path target = Paths.get(module, "target");
        for (String dir : new String[] {"classes", "test-classes"}) {
            Path root = target.resolve(dir);
            List<Path> classes = classFiles(root);
            if (classes.isEmpty()) {
                problems.add(root + ": no class files (run mvn verify first)");
                continue;
            }
            TreeMap<Integer, Integer> seen = new TreeMap<>();
            for (Path f : classes) {
                String name = root.relativize(f).toString().replace('\\', '/');
                int major = name.equals(DESCRIPTOR) ? JAVA9 : want;
                if (name.endsWith("module-info.class") && !name.equals(DESCRIPTOR)) {
                    problems.add(root + ": " + name + ": a module descriptor belongs in "
                            + DESCRIPTOR + " only");
                }
                try (InputStream in = Files.newInputStream(f)) {
                    expect(name, in, major, major, root.toString(), seen);
                }
            }
            report(root.toString(), seen);
        }
        List<Path> jars;
        try (Stream<Path> s = Files.list(target)) {
            // the -sources and -javadoc jars hold no class files, by design
            jars = s.filter(p -> p.getFileName().toString().startsWith(module + "-")
                    && p.getFileName().toString().endsWith(".jar")
                    && !p.getFileName().toString().endsWith("-sources.jar")
                    && !p.getFileName().toString().endsWith("-javadoc.jar")).sorted()
                    .collect(Collectors.toList());
        }
        if (jars.isEmpty()) {
            problems.add(target + ": no " + module + "-*.jar (run mvn verify first)");
        }
        for (Path jar : jars) {
            TreeMap<Integer, Integer> seen = new TreeMap<>();
            boolean tests = jar.getFileName().toString().endsWith("-tests.jar");
            try (JarFile j = new JarFile(jar.toFile())) {
                for (Enumeration<JarEntry> e = j.entries(); e.hasMoreElements(); ) {
                    JarEntry entry = e.nextElement();
                    String name = entry.getName();
                    if (name.endsWith("module-info.class") && (tests || !name.equals(DESCRIPTOR))) {
                        problems.add(jar + ": " + name + ": a module descriptor belongs in "
                                + DESCRIPTOR + " of the main jar only");
                    }
                    if (name.endsWith(".class")) {
                        int major = name.equals(DESCRIPTOR) ? JAVA9 : want;
                        try (InputStream in = j.getInputStream(entry)) {
                            expect(name, in, major, major, jar.toString(), seen);
                        }
                    }
                }
                if (!tests) {
                    descriptor(jar, j);
                }
            }
            if (seen.isEmpty()) {
                problems.add(jar + ": no class files");
            }
            report(jar.toString(), seen);
        }
    }

    /**
     * The module jar's descriptor: present in META-INF/versions/9, the manifest Multi-Release,
     * the module named as the manifest's Automatic-Module-Name.
     */
    private void descriptor(Path jar, JarFile j) throws IOException {
        Manifest manifest = j.getManifest();
        String multiRelease = manifest == null ? null
                : manifest.getMainAttributes().getValue("Multi-Release");
        if (!"true".equalsIgnoreCase(multiRelease)) {
            problems.add(jar + ": the manifest says Multi-Release: " + multiRelease
                    + ", so Java 9+ would not read " + DESCRIPTOR);
        }
        JarEntry entry = j.getJarEntry(DESCRIPTOR);
        if (entry == null) {
            problems.add(jar + ": no " + DESCRIPTOR);
            return;
        }
        String automatic = manifest == null ? null
                : manifest.getMainAttributes().getValue("Automatic-Module-Name");
        try (InputStream in = j.getInputStream(entry)) {
            String name = ModuleDescriptor.read(in).name();
            if (!name.equals(automatic)) {
                problems.add(jar + ": module " + name + ", but Automatic-Module-Name: "
                        + automatic);
            }
            System.out.println(jar + ": module " + name + " in " + DESCRIPTOR);
        }
    }

    /** uds4j's classes as in their modules; the bundled libraries' loadable by Java 8. */
    private void runnableJar(Path jar) throws IOException {
        if (!Files.isRegularFile(jar)) {
            problems.add(jar + " is missing (run mvn verify first)");
            return;
        }
        Pattern versioned = Pattern.compile("META-INF/versions/(\\d+)/.*");
        TreeMap<Integer, Integer> uds = new TreeMap<>();
        TreeMap<Integer, Integer> jdk16 = new TreeMap<>();
        TreeMap<Integer, Integer> ffm = new TreeMap<>();
        TreeMap<Integer, Integer> base = new TreeMap<>();
        TreeMap<Integer, Integer> mr = new TreeMap<>();
        try (JarFile j = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = j.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                String name = entry.getName();
                if (name.endsWith("module-info.class")) {
                    // one unnamed module on the class path: a descriptor would be wrong there
                    problems.add(jar + ": " + name + ": the runnable jar must carry no module"
                            + " descriptor");
                    continue;
                }
                if (!name.endsWith(".class")) {
                    continue;
                }
                try (InputStream in = j.getInputStream(entry)) {
                    Matcher m = versioned.matcher(name);
                    if (name.startsWith("io/github/uds4j/jdk16/")) {
                        expect(name, in, JAVA16, JAVA16, jar.toString(), jdk16);
                    } else if (name.startsWith("io/github/uds4j/ffm/")) {
                        expect(name, in, JAVA22, JAVA22, jar.toString(), ffm);
                    } else if (name.startsWith("io/github/uds4j/")) {
                        expect(name, in, JAVA8, JAVA8, jar.toString(), uds);
                    } else if (m.matches()) {
                        int release = Integer.parseInt(m.group(1));
                        expect(name, in, 45, 44 + release, jar.toString(), mr);
                    } else {
                        expect(name, in, 45, JAVA8, jar.toString(), base);
                    }
                }
            }
        }
        if (uds.isEmpty() || jdk16.isEmpty() || ffm.isEmpty()) {
            problems.add(jar + ": uds4j's classes are missing");
        }
        report(jar + " uds4j", uds);
        report(jar + " uds4j jdk16", jdk16);
        report(jar + " uds4j ffm", ffm);
        report(jar + " libraries", base);
        report(jar + " libraries, META-INF/versions", mr);
    }

    private void expect(String name, InputStream in, int min, int max, String where,
            TreeMap<Integer, Integer> seen) throws IOException {
        DataInputStream d = new DataInputStream(in);
        int magic = d.readInt();
        int minor = d.readUnsignedShort();
        int major = d.readUnsignedShort();
        if (magic != 0xCAFEBABE) {
            problems.add(where + ": " + name + " is not a class file");
            return;
        }
        seen.merge(major, 1, Integer::sum);
        if (major < min || major > max) {
            problems.add(where + ": " + name + " has major version " + major + " (Java "
                    + (major - 44) + "), expected " + (min == max ? "" : min + "..") + max);
        }
        if (minor != 0) {
            problems.add(where + ": " + name + " has minor version " + minor
                    + " (preview features?)");
        }
    }

    private static void report(String what, TreeMap<Integer, Integer> seen) {
        if (seen.isEmpty()) {
            return;
        }
        String versions = seen.entrySet().stream()
                .map(e -> e.getValue() + " x major " + e.getKey() + " (Java " + (e.getKey() - 44) + ")")
                .collect(Collectors.joining(", "));
        System.out.println(what + ": " + versions);
    }

    private static List<Path> classFiles(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return new ArrayList<>();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".class") && Files.isRegularFile(p))
                    .sorted().collect(Collectors.toList());
        }
    }
}
