package io.github.uds4j.junixsocket;

import java.io.File;
import java.io.IOException;
import java.util.jar.JarFile;

/**
 * Where a class that could not be loaded is: visible to a class loader, on the module path but
 * not in the module graph, or nowhere. Tells "junixsocket is missing" from "junixsocket is there
 * but cannot be loaded", which a {@link NoClassDefFoundError} alone does not.
 */
final class ClassSearch {
    /** Where a class file was found. */
    enum Found {
        /** The class loader sees the class file: it is there, and loading it failed. */
        LOADER,
        /** Not visible to the loader, but in a jar or directory on the module path. */
        MODULE_PATH,
        /** Neither. */
        NOWHERE
    }

    private ClassSearch() {}

    /**
     * Looks for the class file of {@code className} (dots or slashes) through {@code loader}
     * (the system loader if null), then in the entries of the module path ({@code
     * jdk.module.path}: jars, exploded modules, and directories of jars). Never throws.
     */
    static Found find(String className, ClassLoader loader) {
        String resource = className.replace('.', '/') + ".class";
        try {
            ClassLoader l = loader != null ? loader : ClassLoader.getSystemClassLoader();
            if (l.getResource(resource) != null) {
                return Found.LOADER;
            }
        } catch (RuntimeException e) {
            // a loader that cannot answer: look on the module path
        }
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null) {
            for (String entry : modulePath.split(File.pathSeparator)) {
                if (!entry.isEmpty() && contains(new File(entry), resource, true)) {
                    return Found.MODULE_PATH;
                }
            }
        }
        return Found.NOWHERE;
    }

    /**
     * Whether {@code f}, a jar or an exploded module (at the top also a directory of jars), holds
     * {@code resource}.
     */
    private static boolean contains(File f, String resource, boolean top) {
        if (f.isFile()) {
            try (JarFile jar = new JarFile(f)) {
                return jar.getEntry(resource) != null
                        || jar.getEntry("META-INF/versions/9/" + resource) != null;
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        if (!f.isDirectory()) {
            return false;
        }
        if (new File(f, resource).isFile()) {
            return true;
        }
        File[] children = top ? f.listFiles() : null;
        if (children != null) {
            for (File c : children) {
                if (c.getName().endsWith(".jar") && contains(c, resource, false)) {
                    return true;
                }
            }
        }
        return false;
    }
}
