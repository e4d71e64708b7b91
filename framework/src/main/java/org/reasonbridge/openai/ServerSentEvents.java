package org.reasonbridge.openai;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads a {@code text/event-stream} body: the {@code data:} lines of each event (joined by newlines) go to the
 * consumer; comments ({@code :}) and other fields are skipped; OpenAI's {@code data: [DONE]} ends the stream.
 */
final class ServerSentEvents {
    static final String DONE = "[DONE]";

    private ServerSentEvents() {
    }

    /** Returns true when the stream ended with {@code [DONE]}, false when the connection just closed. */
    static boolean read(InputStream body, Consumer<String> data) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        StringBuilder event = null;
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isEmpty()) {
                if (event != null && dispatch(event.toString(), data)) return true;
                event = null;
            } else if (line.startsWith("data:")) {
                // One optional space after the colon belongs to the syntax, not the value.
                String value = line.startsWith("data: ") ? line.substring(6) : line.substring(5);
                event = event == null ? new StringBuilder(value) : event.append('\n').append(value);
            }
        }
        return event != null && dispatch(event.toString(), data);
    }

    private static boolean dispatch(String event, Consumer<String> data) {
        if (event.strip().equals(DONE)) return true;
        data.accept(event);
        return false;
    }
}
