package io.github.uds4j.cli;

import java.io.Closeable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM into a call of an action, in place of the JVM's own reaction
 * (run the shutdown hooks, then end with status 130 or 143 however the hooks went). A server that
 * traps them can stop in its own time and exit with the status it chooses.
 *
 * <p>The trap is {@code sun.misc.Signal} of module {@code jdk.unsupported} (in {@code rt.jar} on
 * Java 8), the supported way to handle signals in a JVM from Java 8 to 25. It is looked up
 * reflectively because {@code javac --release 8} does not offer it. Where it is missing or
 * refuses ({@code java -Xrs}), {@link #install(Runnable)} returns null and the caller falls back
 * to a shutdown hook.
 */
final class SignalTrap implements Closeable {
    /** The signals trapped, by the names {@code sun.misc.Signal} knows them. */
    private static final String[] SIGNALS = {"INT", "TERM"};

    private final Method handle;
    private final List<Object[]> previous; // {signal, the handler it had before}

    private SignalTrap(Method handle, List<Object[]> previous) {
        this.handle = handle;
        this.previous = previous;
    }

    /**
     * Calls {@code action} each time the process gets SIGINT or SIGTERM, in a thread the JVM
     * starts for the signal, until {@link #close()}.
     *
     * @return the trap, or null if signals cannot be trapped in this JVM (nothing is changed then)
     */
    static SignalTrap install(final Runnable action) {
        if (action == null) {
            throw new NullPointerException("action == null");
        }
        Method handle;
        Object handler;
        Class<?> signalClass;
        try {
            signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            handle = signalClass.getMethod("handle", signalClass, handlerClass);
            handler = Proxy.newProxyInstance(SignalTrap.class.getClassLoader(),
                    new Class<?>[] {handlerClass}, new InvocationHandler() {
                        @Override
                        public Object invoke(Object proxy, Method m, Object[] args) {
                            if (m.getName().equals("handle")) {
                                action.run();
                                return null;
                            }
                            return objectMethod(proxy, m, args);
                        }
                    });
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
        List<Object[]> previous = new ArrayList<Object[]>();
        SignalTrap trap = new SignalTrap(handle, previous);
        try {
            for (String name : SIGNALS) {
                Object signal = signalClass.getConstructor(String.class).newInstance(name);
                previous.add(new Object[] {signal, handle.invoke(null, signal, handler)});
            }
            return trap;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // For example java -Xrs: "Signal already used by VM or OS: SIGINT"
            trap.close();
            return null;
        }
    }

    private static Object objectMethod(Object proxy, Method m, Object[] args) {
        if (m.getName().equals("equals")) {
            return proxy == args[0];
        }
        if (m.getName().equals("hashCode")) {
            return System.identityHashCode(proxy);
        }
        return "SignalTrap.handler";
    }

    /** Gives SIGINT and SIGTERM back the handlers they had before. */
    @Override
    public void close() {
        for (Object[] p : previous) {
            try {
                handle.invoke(null, p[0], p[1]);
            } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
                // the JVM keeps our handler; it only calls an action that is done by now
            }
        }
        previous.clear();
    }
}
