package io.github.uds4j.contract;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Waits until another thread is blocked inside a call, from what the thread shows: its state and
 * its stack. A thread blocked in a system call is {@code RUNNABLE} in a native method; one
 * waiting in Java is {@code WAITING} or {@code TIMED_WAITING}.
 */
final class Blocked {
    private Blocked() {}

    /**
     * Returns once {@code thread} is inside {@code className.method} and, deeper down, in a native
     * method or waiting; fails after 30 s, or at once if the thread ended.
     */
    static void await(Thread thread, String className, String method)
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
            boolean waiting = state == Thread.State.WAITING
                    || state == Thread.State.TIMED_WAITING
                    || (stack.length > 0 && stack[0].isNativeMethod());
            if (waiting && inside(stack, className, method)) {
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

    private static boolean inside(StackTraceElement[] stack, String className, String method) {
        for (StackTraceElement e : stack) {
            if (e.getClassName().equals(className) && e.getMethodName().equals(method)) {
                return true;
            }
        }
        return false;
    }
}
