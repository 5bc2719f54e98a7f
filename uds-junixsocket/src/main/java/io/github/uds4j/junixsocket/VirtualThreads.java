package io.github.uds4j.junixsocket;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** Tells a virtual thread (Java 21) from a platform thread, on any Java from 8. */
final class VirtualThreads {
    /** {@code Thread.isVirtual()}, or null before Java 21. */
    private static final Method IS_VIRTUAL = find();

    private VirtualThreads() {}

    private static Method find() {
        try {
            return Thread.class.getMethod("isVirtual");
        } catch (NoSuchMethodException | RuntimeException e) {
            return null; // before Java 21 every thread is a platform thread
        }
    }

    /** Returns whether the current thread is a virtual thread. */
    static boolean current() {
        Method m = IS_VIRTUAL;
        if (m == null) {
            return false;
        }
        try {
            return (Boolean) m.invoke(Thread.currentThread());
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError("Thread.isVirtual() failed", e);
        }
    }
}
