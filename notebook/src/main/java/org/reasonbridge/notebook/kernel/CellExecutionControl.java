package org.reasonbridge.notebook.kernel;

import jdk.jshell.execution.DirectExecutionControl;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs cells in the kernel's JVM on one long-lived cell thread (ND4J keeps per-thread state), and keeps what JShell
 * would flatten to strings: each snippet's value as the object itself, and the exception a cell threw as the
 * throwable itself. An interrupt interrupts the cell thread; a cell that ignores it (a busy loop, a long native
 * call returning) is stopped after {@link #GRACE_MILLIS} with {@link Thread#stop} where the JVM still has it.
 */
final class CellExecutionControl extends DirectExecutionControl {
    /** Time a cell gets to end by itself after an interrupt before its thread is stopped. */
    static final long GRACE_MILLIS = 1000;
    /** What {@link #takeValue} answers for a key that is not a value's. */
    static final Object MISSING = new Object();
    private static final Object NULL = new Object();

    private final ClassLoader cellLoader;
    private final ExecutorService cellThread;
    private final ScheduledExecutorService watchdog;
    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private final AtomicLong keys = new AtomicLong();
    private volatile Future<Object> running;
    private volatile Thread runner;
    private volatile boolean interrupted;
    private volatile Throwable failure;

    CellExecutionControl(CellLoader loader) {
        super(loader);
        this.cellLoader = loader.classLoader();
        this.cellThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cell");
            t.setDaemon(true);
            t.setContextClassLoader(cellLoader);
            return t;
        });
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cell-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    /** A new cell starts: forget an interrupt aimed at the previous one. */
    void beginCell() {
        interrupted = false;
        failure = null;
    }

    /** Whether an interrupt arrived since {@link #beginCell}. */
    boolean interrupted() {
        return interrupted;
    }

    /** The value of the snippet whose JShell value is {@code key} (null included), or {@link #MISSING}. */
    Object takeValue(String key) {
        Object v = values.remove(key);
        return v == null ? MISSING : v == NULL ? null : v;
    }

    /** The throwable the last snippet threw (null if none), cleared. */
    Throwable takeFailure() {
        Throwable t = failure;
        failure = null;
        return t;
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        if (interrupted) {
            failure = new CellInterruptedException();
            throw new InvocationTargetException(failure);
        }
        Future<Object> task = cellThread.submit(() -> {
            runner = Thread.currentThread();
            try {
                return doit.invoke(null);
            } finally {
                runner = null;
                Thread.interrupted(); // an interrupt that came late must not hit the next cell
            }
        });
        running = task;
        try {
            Object value = task.get();
            String key = "rb-value-" + keys.incrementAndGet();
            values.put(key, value == null ? NULL : value);
            return key;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof InvocationTargetException ite && ite.getCause() != null
                    ? ite.getCause() : e.getCause();
            failure = interrupted ? new CellInterruptedException(cause) : cause;
            // DirectExecutionControl turns this into the EvalException (or unresolved reference) JShell reports
            throw new InvocationTargetException(cause);
        } finally {
            running = null;
        }
    }

    /** Interrupts the running cell; stops its thread if it has not ended after {@link #GRACE_MILLIS}. */
    void interrupt() {
        interrupted = true;
        Future<Object> task = running;
        Thread thread = runner;
        if (task == null || thread == null) return;
        thread.interrupt();
        watchdog.schedule(() -> {
            if (running == task && runner == thread) stop(thread);
        }, GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    @SuppressWarnings({"removal", "deprecation"})
    private static void stop(Thread thread) {
        try {
            thread.stop();
        } catch (UnsupportedOperationException e) {
            // Java 20+ has no Thread.stop: the cell runs on, and only a restart ends it
            System.err.println("reasonbridge kernel: the cell ignores interrupts and this JVM cannot stop it; restart the kernel");
        }
    }

    @Override
    public void stop() {
        interrupt();
    }

    @Override
    public void close() {
        cellThread.shutdownNow();
        watchdog.shutdownNow();
    }
}
