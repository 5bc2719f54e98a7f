package io.github.uds4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of uds4j this command belongs to, from a resource Maven fills in. */
final class Version {
    private Version() {}

    /** Returns the version, such as {@code 0.1.0}, or {@code unknown}. */
    static String get() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // reported as unknown below
        }
        String v = p.getProperty("version");
        return v == null || v.startsWith("${") ? "unknown" : v;
    }
}
