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
import java.util.function.Consumer;

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
            ch.truncate(completeLength(ch));
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
        forEach(file, out::add);
        return out;
    }

    /** {@link #read}, one record at a time, without holding the file: a teacher journal can outgrow any array. */
    public static void forEach(Path file, Consumer<JsonLines.Row> each) {
        if (!Files.exists(file)) return;
        boolean complete;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            complete = completeLength(ch) == ch.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal " + file, e);
        }
        // one line held back: the last one is a torn tail when the file does not end with a newline
        Object[] held = {null}; // a Line, or the DataFileException of a line that was not UTF-8
        Consumer<Object> settle = item -> {
            if (item instanceof DataFileException e) throw e;
            JsonLines.Line line = (JsonLines.Line) item;
            if (line.text().isBlank()) return;
            try {
                JsonNode r = JsonLines.JSON.readTree(line.text());
                if (r == null || !r.isObject()) throw new DataFileException(file, line.number(), "not a JSON object");
                each.accept(new JsonLines.Row(line.number(), r));
            } catch (JsonProcessingException e) {
                throw new DataFileException(file, line.number(), "bad journal line: " + e.getOriginalMessage());
            }
        };
        Consumer<Object> next = item -> {
            if (held[0] != null) settle.accept(held[0]);
            held[0] = item;
        };
        JsonLines.scan(file, next::accept, next::accept);
        if (held[0] != null && complete) settle.accept(held[0]);
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

    /** The length up to and including the last newline, found from the end in blocks. */
    private static long completeLength(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        for (long end = ch.size(); end > 0; ) {
            int n = (int) Math.min(buf.capacity(), end);
            long from = end - n;
            buf.clear().limit(n);
            while (buf.hasRemaining() && ch.read(buf, from + buf.position()) >= 0) { }
            for (int i = n - 1; i >= 0; i--) if (buf.get(i) == '\n') return from + i + 1;
            end = from;
        }
        return 0;
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
