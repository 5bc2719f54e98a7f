package io.github.uds4j.cli;

import io.github.uds4j.spi.UnixSocketProvider;

/**
 * A provider made by name, so that one test JVM can run clients on either backend (the facade
 * chooses one per JVM). Loaded reflectively: the tests compile for Java 8 and {@code uds-jdk16}
 * is compiled for Java 16.
 */
final class ProviderByName {
    private ProviderByName() {}

    static UnixSocketProvider get(String name) {
        String className;
        if (name.equals("jdk16")) {
            className = "io.github.uds4j.jdk16.Jdk16Provider";
        } else if (name.equals("junixsocket")) {
            className = "io.github.uds4j.junixsocket.JunixsocketProvider";
        } else {
            throw new IllegalArgumentException("no provider named " + name);
        }
        try {
            return (UnixSocketProvider) Class.forName(className).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make provider " + name, e);
        }
    }
}
