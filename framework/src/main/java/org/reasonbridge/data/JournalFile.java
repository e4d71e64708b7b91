package org.reasonbridge.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only JSON Lines file that survives a kill at any moment: each record is one write of the whole line
 * followed by an fsync, so a record is either complete on disk or a torn tail without its newline. Reading ignores
 * such a tail; opening for append cuts it off first. The journals of paid or slow calls (teacher, solvers) are
 * built on it: a call counts only once its record is on disk.
 */
public final class JournalFile implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;

    private JournalFile(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens {@code file} for appending (creating it and its folder), first cutting off a torn last line. */
    public static JournalFile open(Path file) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            ch.truncate(completeLength(Files.readAllBytes(file)));
            ch.position(ch.size());
            ch.force(true);
            return new JournalFile(file, ch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open journal " + file, e);
        }
    }

    /**
     * The complete records of {@code file} (absent = none) with their 1-based line numbers, blank lines skipped; a
     * torn last line is ignored, any other line that is not a JSON object is a {@link DataFileException}.
     */
    public static List<JsonLines.Row> read(Path file) {
        List<JsonLines.Row> out = new ArrayList<>();
        if (!Files.exists(file)) return out;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal " + file, e);
        }
        String text = new String(bytes, 0, completeLength(bytes), StandardCharsets.UTF_8);
        long number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isBlank()) continue;
            try {
                JsonNode r = JsonLines.JSON.readTree(line);
                if (r == null || !r.isObject()) throw new DataFileException(file, number, "not a JSON object");
                out.add(new JsonLines.Row(number, r));
            } catch (JsonProcessingException e) {
                throw new DataFileException(file, number, "bad journal line: " + e.getOriginalMessage());
            }
        }
        return out;
    }

    /** Appends {@code record} as one line and fsyncs it. */
    public synchronized void append(JsonNode record) {
        try {
            ByteBuffer buf = ByteBuffer.wrap((JsonLines.JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) channel.write(buf);
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write journal " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    /** The length up to and including the last newline. */
    private static int completeLength(byte[] bytes) {
        int n = bytes.length;
        while (n > 0 && bytes[n - 1] != '\n') n--;
        return n;
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close journal " + file, e);
        }
    }
}
