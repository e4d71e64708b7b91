package org.reasonbridge.teacher;

/**
 * The teacher could not be reached at all (no connection, unknown host, HTTP 401/403/404), found on the first
 * problem of a {@link TeacherRun} before any other was sent; the message says what to check.
 */
public final class TeacherUnavailableException extends RuntimeException {
    public TeacherUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
