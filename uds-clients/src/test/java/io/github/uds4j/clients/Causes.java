package io.github.uds4j.clients;

import java.util.ArrayList;
import java.util.List;

/** Looks along an exception's chain of causes: clients wrap uds4j's exceptions their own way. */
final class Causes {
    private Causes() {}

    /** Returns {@code t} and its causes, outermost first. */
    static List<Throwable> chain(Throwable t) {
        List<Throwable> chain = new ArrayList<Throwable>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }

    /** Returns the types in the chain of {@code t}, outermost first. */
    static List<Class<?>> types(Throwable t) {
        List<Class<?>> types = new ArrayList<Class<?>>();
        for (Throwable c : chain(t)) {
            types.add(c.getClass());
        }
        return types;
    }

    /** Returns whether the chain of {@code t} holds an instance of {@code type}. */
    static boolean has(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c : chain(t)) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** Returns the messages of the chain of {@code t}, one a line. */
    static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c : chain(t)) {
            b.append(c).append('\n');
        }
        return b.toString();
    }
}
