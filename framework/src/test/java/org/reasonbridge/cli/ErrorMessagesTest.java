package org.reasonbridge.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a user reads after {@code error:} for the exceptions the JDK throws with a bare path or reason. */
class ErrorMessagesTest {
    record Case(Throwable error, String expected) {
    }

    @Test
    void spellsOutFileAndSocketFailures() {
        List<Case> cases = List.of(
                new Case(new NoSuchFileException("/x/nope.jsonl"), "/x/nope.jsonl: no such file or directory"),
                new Case(new UncheckedIOException(new NoSuchFileException("/x/nope.jsonl")),
                        "/x/nope.jsonl: no such file or directory"),
                new Case(new AccessDeniedException("/root/a"), "/root/a: permission denied"),
                new Case(new FileSystemException("/tmp/d", null, "Is a directory"), "/tmp/d: is a directory"),
                new Case(new IllegalStateException("org.reasonbridge.data.JsonlException: f.jsonl:3: malformed JSON"),
                        "f.jsonl:3: malformed JSON"),
                // a wrapper that named the file gets only the reason added, once
                new Case(new UncheckedIOException("/x/d.jsonl: cannot read", new NoSuchFileException("/x/d.jsonl")),
                        "/x/d.jsonl: cannot read: no such file or directory"),
                new Case(new UncheckedIOException("/x/d.jsonl: no such file (a JSON Lines file was expected)",
                        new NoSuchFileException("/x/d.jsonl")), "/x/d.jsonl: no such file (a JSON Lines file was expected)"),
                new Case(new UncheckedIOException("adir: cannot read", new IOException("Is a directory")),
                        "adir: cannot read: is a directory (a file was expected)"),
                // a parser's own text (Java types, a REDACTED excerpt) stays out: the wrapper said it in words
                new Case(new IllegalArgumentException("run.json: key 'epochs': must be an integer",
                        new com.fasterxml.jackson.core.JsonParseException(null, "Cannot deserialize value of type "
                                + "`java.lang.Integer`")), "run.json: key 'epochs': must be an integer"),
                new Case(new IllegalStateException("Unexpected end-of-input\n at [Source: REDACTED (`StreamReadFeature."
                        + "INCLUDE_SOURCE_IN_LOCATION` disabled); line: 2, column: 1]"),
                        "Unexpected end-of-input at line 2, column 1"),
                new Case(new RuntimeException(new NullPointerException()),
                        "internal error (null pointer); rerun with REASONBRIDGE_DEBUG=1 for the stack trace"));
        for (Case c : cases) assertEquals(c.expected(), ErrorMessages.describe(c.error()), c.error().toString());
    }

    @Test
    void aTakenPortSaysWhatToDo() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            try (ServerSocket second = new ServerSocket()) {
                second.bind(new InetSocketAddress("127.0.0.1", taken.getLocalPort()));
            } catch (BindException e) {
                String m = ErrorMessages.describe(e);
                assertTrue(m.startsWith("address already in use"), m);
                assertTrue(m.contains("--port"), m);
            }
        }
    }

    @Test
    void outOfMemorySaysHowToGiveMore() {
        String m = ErrorMessages.describe(new OutOfMemoryError("Java heap space"));
        assertTrue(m.contains("REASONBRIDGE_JAVA_OPTS"), m);
        assertFalse(m.contains("java.lang"), m);
    }
}
