package io.github.uds4j;

import io.github.uds4j.spi.Availability;
import io.github.uds4j.spi.UnixSocketProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the providers and picks one, once, lazily:
 * <ol>
 *   <li>{@code -Duds4j.provider=NAME}: that provider only, or a failure naming the property;
 *   <li>otherwise the available provider with the highest priority, ties broken by name;
 *   <li>none available: a failure listing every candidate and why it was rejected.
 * </ol>
 * A provider whose class cannot be loaded (for example compiled for a newer Java) is recorded
 * with the reason and skipped. Providers of lower priority than the winner are not asked whether
 * they are available until a report needs it, so their classes and native code stay unloaded.
 */
final class Providers {
    static final String PROPERTY = "uds4j.provider";
    private static final String FORCED = "forced by";

    /** Stops a broken service file from keeping the iterator busy forever. */
    private static final int MAX_ENTRIES = 256;

    private static final Object LOCK = new Object();
    private static volatile Selection selection;

    private Providers() {}

    /** Returns the selection for this JVM, making it on the first call. Never throws. */
    static Selection selection() {
        Selection s = selection;
        if (s == null) {
            synchronized (LOCK) {
                s = selection;
                if (s == null) {
                    s = select(discover(Providers.class.getClassLoader()),
                            System.getProperty(PROPERTY));
                    selection = s;
                }
            }
        }
        return s;
    }

    /** Lists the providers registered for {@code loader}, including those that fail to load. */
    static List<Candidate> discover(ClassLoader loader) {
        List<Candidate> found = new ArrayList<Candidate>();
        Iterator<UnixSocketProvider> it;
        try {
            it = ServiceLoader.load(UnixSocketProvider.class, loader).iterator();
        } catch (ServiceConfigurationError | LinkageError e) {
            found.add(Candidate.failed(e));
            return found;
        }
        for (int i = 0; i < MAX_ENTRIES; i++) {
            // On Java 9+ hasNext() loads the class; on Java 8 next() does. Both may throw a raw
            // LinkageError (UnsupportedClassVersionError) as well as ServiceConfigurationError.
            try {
                if (!it.hasNext()) {
                    break;
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                addFailure(found, Candidate.failed(e));
                continue;
            }
            try {
                found.add(Candidate.loaded(it.next()));
            } catch (ServiceConfigurationError | LinkageError e) {
                addFailure(found, Candidate.failed(e));
            } catch (RuntimeException e) {
                addFailure(found, Candidate.failed(e));
            }
        }
        return found;
    }

    /**
     * Adds a provider that failed to load, unless that class already failed: on the module path
     * ServiceLoader tries a provider of a named module twice, once as the module's {@code
     * provides} and once from its META-INF/services file, and a class too new for this JVM
     * fails both times.
     */
    static void addFailure(List<Candidate> found, Candidate failed) {
        for (Candidate c : found) {
            if (c.provider == null && c.className.equals(failed.className)
                    && !"(unknown)".equals(c.className)) {
                return;
            }
        }
        found.add(failed);
    }

    /** Picks a provider among {@code found}; {@code forced} is the property's value or null. */
    static Selection select(List<Candidate> found, String forced) {
        List<Candidate> sorted = new ArrayList<Candidate>(found);
        Collections.sort(sorted, Candidate.BEST_FIRST);
        if (forced != null && !forced.trim().isEmpty()) {
            String wanted = forced.trim();
            for (Candidate c : sorted) {
                if (c.name.equalsIgnoreCase(wanted)) {
                    Availability a = c.availability();
                    if (a.isAvailable()) {
                        return new Selection(sorted, c,
                                FORCED + " -D" + PROPERTY + "=" + wanted, null);
                    }
                    return new Selection(sorted, null, "-D" + PROPERTY + "=" + wanted
                            + ": provider " + c.name + " is unavailable: " + a.reason(), a.cause());
                }
            }
            return new Selection(sorted, null, "-D" + PROPERTY + "=" + wanted
                    + ": no provider named '" + wanted + "' is on the class path or module path"
                    + " (found: " + names(sorted) + ")", null);
        }
        Throwable firstCause = null;
        for (Candidate c : sorted) {
            Availability a = c.availability();
            if (a.isAvailable()) {
                return new Selection(sorted, c, "highest priority (" + c.priority
                        + ") of the available providers", null);
            }
            if (firstCause == null) {
                firstCause = a.cause();
            }
        }
        StringBuilder why = new StringBuilder("no Unix domain socket provider is available");
        if (sorted.isEmpty()) {
            why.append(": none is on the class path or module path");
        }
        for (Candidate c : sorted) {
            why.append("; ").append(c.name).append(": ").append(c.availability().reason());
        }
        why.append(". Add uds-junixsocket to the class path or module path, or run on Java 16+"
                + " with uds-jdk16.");
        return new Selection(sorted, null, why.toString(), firstCause);
    }

    private static String names(List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return "none";
        }
        StringBuilder b = new StringBuilder();
        for (Candidate c : candidates) {
            b.append(b.length() == 0 ? "" : ", ").append(c.name);
        }
        return b.toString();
    }

    /** Derives a provider's name from its class name: {@code a.b.Jdk16Provider} is {@code jdk16}. */
    static String nameOf(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        simple = simple.substring(simple.lastIndexOf('$') + 1);
        if (simple.endsWith("Provider") && simple.length() > "Provider".length()) {
            simple = simple.substring(0, simple.length() - "Provider".length());
        }
        return simple.toLowerCase(Locale.ROOT);
    }

    /**
     * The patterns that read a provider's load failure, compiled only when one fails: compiling
     * them costs the first selection tens of milliseconds on a fresh JVM (a pattern with {@code
     * \w} starts the JVM's lambda machinery).
     */
    private static final class FailurePatterns {
        static final Pattern CLASS_VERSION =
                Pattern.compile("(?:class file version|major\\.minor version) (\\d+)\\.\\d+");
        /**
         * The provider's class in a ServiceConfigurationError: "Provider X not found", "Provider
         * X could not be instantiated", and on the module path "Unable to load X".
         */
        static final Pattern PROVIDER_NAME =
                Pattern.compile("(?:Provider|Unable to load) ([\\w.$]+)");
        static final Pattern BINARY_NAME = Pattern.compile("^([\\w/$.]+)");
    }

    /** The outcome of a selection: a provider, or a failure to rethrow on every call. */
    static final class Selection {
        final List<Candidate> candidates;
        final Candidate chosen;
        final String reason;
        final Throwable cause;

        Selection(List<Candidate> candidates, Candidate chosen, String reason, Throwable cause) {
            this.candidates = candidates;
            this.chosen = chosen;
            this.reason = reason;
            this.cause = cause;
        }

        String reason() {
            return reason;
        }

        UnixSocketProvider provider() {
            return backend().provider;
        }

        UnixSocketBackend backend() {
            if (chosen == null) {
                throw new ProviderUnavailableException(reason, cause);
            }
            return chosen.backend();
        }

        /** Whether {@code -Duds4j.provider} chose: then no other provider may be used. */
        boolean forced() {
            return chosen != null && reason.startsWith(FORCED);
        }

        /**
         * Returns the chosen provider if it has every capability in {@code needed}; else, unless
         * the choice was forced, the available provider of highest priority that has them. Only
         * then are lower-priority providers asked whether they are available.
         *
         * @throws UnsupportedOperationException naming the capabilities and why no provider
         *     can serve
         */
        UnixSocketBackend backendWith(Set<UnixSocketCapability> needed) {
            UnixSocketBackend first = backend();
            if (first.capabilities().containsAll(needed)) {
                return first;
            }
            if (forced()) {
                throw new UnsupportedOperationException("needs " + missing(needed, first)
                        + ", which provider " + chosen.name + " lacks (it was " + reason + ")");
            }
            StringBuilder why = new StringBuilder();
            for (Candidate c : candidates) {
                if (c == chosen) {
                    why.append("; ").append(c.name).append(": lacks ").append(missing(needed,
                            first));
                    continue;
                }
                Availability a = c.availability();
                if (!a.isAvailable()) {
                    why.append("; ").append(c.name).append(": unavailable: ").append(a.reason());
                    continue;
                }
                UnixSocketBackend b = c.backend();
                if (b.capabilities().containsAll(needed)) {
                    return b;
                }
                why.append("; ").append(c.name).append(": lacks ").append(missing(needed, b));
            }
            throw new UnsupportedOperationException("needs " + needed + ", which no available"
                    + " provider has" + why);
        }

        private static Set<UnixSocketCapability> missing(Set<UnixSocketCapability> needed,
                UnixSocketBackend b) {
            Set<UnixSocketCapability> m = EnumSet.copyOf(needed);
            m.removeAll(b.capabilities());
            return m;
        }

        /**
         * Returns the available provider named {@code name} (ignoring case), whichever the
         * selection chose.
         */
        UnixSocketBackend named(String name) {
            String wanted = name.trim();
            for (Candidate c : candidates) {
                if (c.name.equalsIgnoreCase(wanted)) {
                    Availability a = c.availability();
                    if (a.isAvailable()) {
                        return c.backend();
                    }
                    throw new ProviderUnavailableException("provider " + c.name
                            + " is unavailable: " + a.reason(), a.cause());
                }
            }
            throw new ProviderUnavailableException("no provider named '" + wanted
                    + "' is on the class path or module path (found: " + names(candidates) + ")",
                    null);
        }

        /** Asks every candidate, including those the selection did not need, and reports. */
        ProviderReport report() {
            List<ProviderInfo> infos = new ArrayList<ProviderInfo>();
            for (Candidate c : candidates) {
                infos.add(c.info());
            }
            List<ProviderInfo> ordered = new ArrayList<ProviderInfo>(infos);
            Collections.sort(ordered, new Comparator<ProviderInfo>() {
                @Override
                public int compare(ProviderInfo a, ProviderInfo b) {
                    if (a.isAvailable() != b.isAvailable()) {
                        return a.isAvailable() ? -1 : 1;
                    }
                    return 0; // stable: keeps the priority order
                }
            });
            ProviderInfo chosenInfo = chosen == null ? null : infos.get(candidates.indexOf(chosen));
            return new ProviderReport(ordered, chosenInfo, reason);
        }
    }

    /** One entry of a service file: a provider, or why it could not be loaded. */
    static final class Candidate {
        static final Comparator<Candidate> BEST_FIRST = new Comparator<Candidate>() {
            @Override
            public int compare(Candidate a, Candidate b) {
                if (a.priority != b.priority) {
                    return a.priority > b.priority ? -1 : 1;
                }
                return a.name.compareTo(b.name);
            }
        };

        final String name;
        final String className;
        final int priority;
        final UnixSocketProvider provider;
        private Availability availability;
        private Set<UnixSocketCapability> capabilities;
        private volatile UnixSocketBackend backend;

        private Candidate(String name, String className, int priority, UnixSocketProvider provider,
                Availability availability) {
            this.name = name;
            this.className = className;
            this.priority = priority;
            this.provider = provider;
            this.availability = availability;
        }

        static Candidate loaded(UnixSocketProvider p) {
            String className = p.getClass().getName();
            String name;
            int priority;
            try {
                name = p.name();
                priority = p.priority();
            } catch (RuntimeException | LinkageError e) {
                return new Candidate(nameOf(className), className, Integer.MIN_VALUE, null,
                        Availability.unavailable("cannot be initialised: " + e, e));
            }
            return new Candidate(name, className, priority, p, null);
        }

        static Candidate failed(Throwable e) {
            String message = String.valueOf(e.getMessage());
            String className = null;
            Matcher m = FailurePatterns.PROVIDER_NAME.matcher(message);
            if (e instanceof ServiceConfigurationError && m.find()) {
                className = m.group(1);
            } else {
                Matcher b = FailurePatterns.BINARY_NAME.matcher(message);
                if (b.find()) {
                    className = b.group(1).replace('/', '.');
                }
            }
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String reason;
            Matcher v = FailurePatterns.CLASS_VERSION.matcher(String.valueOf(root.getMessage()));
            if (root instanceof UnsupportedClassVersionError && v.find()) {
                int major = Integer.parseInt(v.group(1));
                reason = "requires Java " + (major - 44) + ", running "
                        + System.getProperty("java.version");
            } else {
                reason = "cannot be loaded: " + root;
            }
            if (className == null) {
                className = "(unknown)";
            }
            return new Candidate(nameOf(className), className, Integer.MIN_VALUE, null,
                    Availability.unavailable(reason, e));
        }

        /** Asks the provider once whether it is available; never throws. */
        synchronized Availability availability() {
            if (availability == null) {
                Availability a;
                try {
                    a = provider.availability();
                    if (a == null) {
                        a = Availability.unavailable("availability() returned null", null);
                    }
                } catch (RuntimeException | LinkageError e) {
                    a = Availability.unavailable("availability check failed: " + e, e);
                }
                availability = a;
            }
            return availability;
        }

        synchronized Set<UnixSocketCapability> capabilities() {
            if (capabilities == null) {
                Set<UnixSocketCapability> caps = EnumSet.noneOf(UnixSocketCapability.class);
                if (availability().isAvailable()) {
                    try {
                        caps.addAll(provider.capabilities());
                    } catch (RuntimeException | LinkageError e) {
                        // reported as no capabilities: the provider is broken
                    }
                }
                capabilities = caps;
            }
            return capabilities;
        }

        UnixSocketBackend backend() {
            UnixSocketBackend b = backend;
            if (b == null) {
                b = new UnixSocketBackend(provider, capabilities());
                backend = b; // racing threads make equal ones
            }
            return b;
        }

        ProviderInfo info() {
            Availability a = availability();
            return new ProviderInfo(name, className, priority, a.isAvailable(), a.reason(),
                    capabilities(), a.cause());
        }
    }
}
