package io.windhover.buffers;

/**
 * Thrown by a pipe operation that cannot go on: the other side completed with an error (the
 * cause), or the waiting thread was interrupted (the cause is the {@link InterruptedException},
 * and the thread's interrupt status is set again).
 */
public class PipeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PipeException(String message, Throwable cause) {
        super(message, cause);
    }
}
