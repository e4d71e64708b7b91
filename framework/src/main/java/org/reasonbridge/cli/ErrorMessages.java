package org.reasonbridge.cli;

import com.fasterxml.jackson.core.JacksonException;

import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.regex.Pattern;

/**
 * Turns an exception chain into the one line a user reads after {@code error:}: what failed, where (file, port),
 * and what to do, without Java class names. The JDK's file and socket exceptions carry only a path or a bare
 * reason ({@code /x/nope.jsonl}, {@code Is a directory}, {@code Address already in use}); they are spelled out here.
 */
final class ErrorMessages {
    /** A wrapped exception's message repeats its cause as {@code org.example.SomeException: text}. */
    private static final Pattern CLASS_PREFIX = Pattern.compile("(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)(?:: )?");

    private ErrorMessages() {
    }

    static String describe(Throwable e) {
        // a wrapper made as new X(cause) only repeats its cause: start at the first exception with words of its own
        while (e.getCause() != null && e.getCause() != e && String.valueOf(e.getCause()).equals(e.getMessage())) {
            e = e.getCause();
        }
        StringBuilder sb = new StringBuilder(one(e));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            // a parser's own text (Java types, a REDACTED source excerpt) is what the wrapper put in words already
            if (c instanceof JacksonException) break;
            String m = one(c);
            if (c instanceof FileSystemException f && f.getFile() != null && sb.toString().contains(f.getFile())) {
                // the wrapper named the file: add only the reason, unless it said it already
                String reason = m.substring(m.indexOf(": ", f.getFile().length()) + 2);
                boolean said = sb.toString().contains(reason) || c instanceof NoSuchFileException
                        && sb.toString().contains("no such file");
                if (!said) sb.append(": ").append(reason);
                continue;
            }
            if (m.startsWith(sb.toString())) sb.setLength(0);
            if (!m.isEmpty() && !sb.toString().contains(m)) sb.append(sb.isEmpty() ? "" : ": ").append(m);
        }
        return sb.toString();
    }

    /** One exception's own message, in words. */
    static String one(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + e.getMessage() + "); give the JVM more, e.g. "
                    + "REASONBRIDGE_JAVA_OPTS=\"-Xmx8g -Dorg.bytedeco.javacpp.maxbytes=16g\" ./reasonbridge ...";
        }
        if (e instanceof StackOverflowError) return "stack overflow (input nested too deeply?)";
        if (e instanceof FileSystemException f && f.getFile() != null) {
            String what = e instanceof NoSuchFileException ? "no such file or directory"
                    : e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof FileAlreadyExistsException ? "already exists"
                    : e instanceof DirectoryNotEmptyException ? "directory not empty"
                    : e instanceof NotDirectoryException ? "not a directory"
                    : f.getReason() != null ? lower(f.getReason()) : "cannot access";
            return f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ": " + what;
        }
        if (e instanceof BindException) {
            return lower(String.valueOf(e.getMessage())) + " (the port is taken: choose another with --port, or stop "
                    + "what is listening there)";
        }
        String m = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
        if (m == null || m.isBlank()) return words(e.getClass().getSimpleName());
        // the JDK's bare reasons for a path of the wrong kind, said with what was expected
        if (m.equals("Is a directory")) return "is a directory (a file was expected)";
        if (m.equals("Not a directory")) return "not a directory (a folder was expected)";
        // a parser's source excerpt becomes its position, a quoted Java type its simple name, and it stays one line
        m = m.replaceAll("\\[Source: .*?; line: (\\d+), column: (\\d+)\\]", "line $1, column $2")
                .replaceAll("`(?:[\\w$]+\\.)+([\\w$]+)`", "$1").replaceAll("\\s*\\R\\s*", " ");
        return CLASS_PREFIX.matcher(m).replaceAll("").strip();
    }

    private static String lower(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** {@code NullPointerException} -> {@code null pointer} (an internal error: the class name is all there is). */
    private static String words(String simpleName) {
        String base = simpleName.replaceAll("(Exception|Error)$", "");
        return "internal error (" + base.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase() + "); rerun with "
                + "REASONBRIDGE_DEBUG=1 for the stack trace";
    }
}
