package io.github.uds4j.contract;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Waits until another thread is blocked in a call, where a test would otherwise sleep and hope
 * that it is: before closing a socket under a blocked read or accept, before feeding a read that
 * must wait, and the like.
 *
 * <p>A thread counts as blocked when it is {@code WAITING}, {@code TIMED_WAITING} or {@code
 * BLOCKED}, or {@code RUNNABLE} in a native method of socket code (the JDK's {@code sun.nio.ch}
 * and {@code java.net}, junixsocket's {@code org.newsclub.net.unix}) whose name says it waits:
 * accept, connect, read, receive, write, send, poll, select or wait. A blocking system call
 * leaves a thread {@code RUNNABLE}. To rule out a passing moment, the thread must look blocked,
 * in the same frame, in {@value #SAMPLES} samples in a row.
 *
 * <p>A call that ends instead of blocking ends the wait too, so that the test's own assertions
 * on its outcome report what happened. A call that neither blocks nor ends within {@value
 * #LIMIT_SECONDS} seconds fails the test, showing the thread's stack.
 *
 * <p>{@link #awaitBlockedIn} is stricter, for a test that must know which call blocks: the thread
 * must be inside a given method and, at the top of its stack, in a native method named for the
 * system call.
 */
public final class Threads {
    /** How long a call may take to block (or end) before the test fails. */
    static final long LIMIT_SECONDS = 30;
    /** How many samples in a row, a millisecond or so apart, must find the thread blocked. */
    static final int SAMPLES = 3;

    private static final String[] SOCKET_PACKAGES = {
        "sun.nio.ch.", "java.net.", "org.newsclub.net.unix.", "io.github.uds4j.ffm."
    };
    /**
     * Where uds-ffm calls libc. A downcall through {@code java.lang.foreign} leaves no native
     * frame in a Java stack trace: the top frame is the Java method that made the call, and
     * uds-ffm makes every one in this class.
     */
    private static final String FFM_CALLS = "io.github.uds4j.ffm.Native";
    private static final String[] WAITING_NAMES = {
        "accept", "connect", "read", "recv", "receive", "write", "send", "poll", "select", "wait"
    };

    private Threads() {}

    /** A call running in a pool's thread, which the test can wait to see blocked. */
    public static final class Running<T> {
        private final CountDownLatch started = new CountDownLatch(1);
        private volatile Thread thread;
        private volatile boolean inCall;
        private Future<T> future;

        private Running() {}

        /** Returns the call's outcome. */
        public Future<T> future() {
            return future;
        }

        /**
         * Waits until the thread running the call is blocked in it, or the call has ended.
         *
         * @throws AssertionError if neither happens in time
         */
        public void awaitBlocked() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
            if (!started.await(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("the call did not start in " + LIMIT_SECONDS + " s");
            }
            // A pool thread waits for its next task once the call is over: only a sample taken
            // while the call still runs counts, hence the check of inCall after each sample.
            waitUntilBlocked(thread, deadline, () -> !inCall || future.isDone());
        }
    }

    /**
     * Runs {@code call} in a thread of {@code pool} and returns at once.
     *
     * @return the running call, to wait for it to block and to get its outcome
     */
    public static <T> Running<T> submit(ExecutorService pool, Callable<T> call) {
        Running<T> r = new Running<T>();
        r.future = pool.submit(() -> {
            r.thread = Thread.currentThread();
            r.inCall = true;
            r.started.countDown();
            try {
                return call.call();
            } finally {
                r.inCall = false;
            }
        });
        return r;
    }

    /**
     * Runs {@code call} in a thread of {@code pool} and returns once that thread is blocked in
     * the call (or the call has ended).
     *
     * @return the call's outcome
     * @throws AssertionError if the call neither blocks nor ends in time
     */
    public static <T> Future<T> submitAndAwaitBlocked(ExecutorService pool, Callable<T> call)
            throws InterruptedException {
        Running<T> r = submit(pool, call);
        r.awaitBlocked();
        return r.future();
    }

    /**
     * Waits for {@code future} at most {@code seconds}; if it has not ended, fails with the
     * stacks of every thread in the message, so that a hang seen once in CI can be read.
     */
    public static <T> T getOrDumpThreads(Future<T> future, long seconds, String what)
            throws Exception {
        try {
            return future.get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            StringBuilder b = new StringBuilder(what + " did not end in " + seconds
                    + " s; every thread:\n");
            for (java.util.Map.Entry<Thread, StackTraceElement[]> t
                    : Thread.getAllStackTraces().entrySet()) {
                b.append('"').append(t.getKey().getName()).append("\" ")
                        .append(t.getKey().getState()).append('\n');
                for (StackTraceElement f : t.getValue()) {
                    b.append("    at ").append(f).append('\n');
                }
            }
            throw new AssertionError(b.toString(), e);
        }
    }

    /**
     * Waits until {@code thread}, which the test started for one blocking call, is blocked (or
     * has ended).
     *
     * @throws AssertionError if neither happens in time
     */
    public static void awaitBlocked(Thread thread) throws InterruptedException {
        waitUntilBlocked(thread,
                System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS), () -> false);
    }

    /**
     * Returns once {@code thread} is inside {@code className.method} and, deeper down, in a native
     * method whose name contains one of {@code words} (a native method alone is not enough, as
     * class loading runs native code too); fails after {@value #LIMIT_SECONDS} s, or at once if
     * the thread ended.
     */
    public static void awaitBlockedIn(Thread thread, String className, String method,
            String... words) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
        while (true) {
            Thread.State state = thread.getState();
            StackTraceElement[] stack = thread.getStackTrace();
            if (state == Thread.State.TERMINATED) {
                throw new AssertionError(thread.getName() + " ended before it blocked in "
                        + className + "." + method);
            }
            if (stack.length > 0 && isNativeCall(stack[0])
                    && nameContains(stack[0].getMethodName(), words)
                    && inside(stack, className, method)) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(thread.getName() + " did not block in " + className
                        + "." + method + " within " + LIMIT_SECONDS + " s; it is " + state
                        + " at\n\t" + String.join("\n\t", lines(stack)));
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

    private interface Check {
        boolean ended();
    }

    private static void waitUntilBlocked(Thread thread, long deadline, Check ended)
            throws InterruptedException {
        int inARow = 0;
        String lastFrame = null;
        while (true) {
            Thread.State state = thread.getState();
            StackTraceElement[] stack = thread.getStackTrace();
            if (state == Thread.State.TERMINATED || ended.ended()) {
                return;
            }
            String frame = blockedIn(state, stack);
            if (frame != null && frame.equals(lastFrame)) {
                inARow++;
            } else {
                inARow = frame != null ? 1 : 0;
            }
            lastFrame = frame;
            if (inARow >= SAMPLES) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(thread.getName() + " did not block in "
                        + LIMIT_SECONDS + " s; it is " + state + " at\n\t"
                        + String.join("\n\t", lines(stack)));
            }
            Thread.sleep(1); // polling the thread's state, not standing in for it
        }
    }

    /** Returns where the thread is blocked, or null if it does not look blocked. */
    private static String blockedIn(Thread.State state, StackTraceElement[] stack) {
        if (stack.length == 0) {
            return null;
        }
        StackTraceElement top = stack[0];
        switch (state) {
            case WAITING:
            case TIMED_WAITING:
            case BLOCKED:
                return state + " " + top;
            case RUNNABLE:
                return isNativeCall(top) && isSocketCode(top.getClassName())
                        && waits(top.getMethodName()) ? state + " " + top : null;
            default:
                return null;
        }
    }

    /**
     * Returns whether {@code top}, a thread's top frame, is a call into native code: a native
     * method, or a libc call of uds-ffm ({@link #FFM_CALLS}).
     */
    public static boolean isNativeCall(StackTraceElement top) {
        return top.isNativeMethod() || top.getClassName().equals(FFM_CALLS);
    }

    private static boolean isSocketCode(String className) {
        for (String p : SOCKET_PACKAGES) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static boolean waits(String methodName) {
        return nameContains(methodName, WAITING_NAMES);
    }

    private static boolean nameContains(String methodName, String... words) {
        String m = methodName.toLowerCase(java.util.Locale.ROOT);
        for (String w : words) {
            if (m.contains(w)) {
                return true;
            }
        }
        return false;
    }

    private static String[] lines(StackTraceElement[] stack) {
        String[] s = new String[stack.length];
        for (int i = 0; i < stack.length; i++) {
            s[i] = stack[i].toString();
        }
        return s;
    }
}
