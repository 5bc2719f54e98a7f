package io.github.uds4j.contract;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Waits until another thread is blocked inside a call, from what the thread shows: its stack. A
 * thread blocked in a system call is in a native method, such as the JDK's {@code Net.connect0}
 * or junixsocket's {@code NativeUnixSocket.connect}; a native method alone is not enough, as
 * class loading runs native code too, so the test names the system call's word.
 */
final class Blocked {
    private Blocked() {}

    /**
     * Returns once {@code thread} is inside {@code className.method} and, deeper down, in a native
     * method whose name contains one of {@code words}; fails after 30 s, or at once if the thread
     * ended.
     */
    static void await(Thread thread, String className, String method, String... words)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        StackTraceElement[] stack;
        while (true) {
            Thread.State state = thread.getState();
            stack = thread.getStackTrace();
            if (state == Thread.State.TERMINATED) {
                throw new AssertionError(thread.getName() + " ended before it blocked in "
                        + className + "." + method);
            }
            if (stack.length > 0 && inSystemCall(stack[0], words)
                    && inside(stack, className, method)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(thread.getName() + " did not block in " + className
                        + "." + method + " within 30 s; it is " + state + " at "
                        + Arrays.toString(stack));
            }
            Thread.sleep(1); // polling the thread's state, not standing in for it
        }
    }

    private static boolean inSystemCall(StackTraceElement top, String... words) {
        if (!top.isNativeMethod()) {
            return false;
        }
        String name = top.getMethodName().toLowerCase(Locale.ROOT);
        for (String w : words) {
            if (name.contains(w)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inside(StackTraceElement[] stack, String className, String method) {
        for (StackTraceElement e : stack) {
            if (e.getClassName().equals(className) && e.getMethodName().equals(method)) {
                return true;
            }
        }
        return false;
    }
}
