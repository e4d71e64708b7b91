package org.reasonbridge.model.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.function.Executable;
import org.reasonbridge.model.Fixtures;

/** Shared helpers: where the fixtures are, raw safetensors bytes, and exception checks. */
final class TestFiles {
    private TestFiles() {
    }

    static Path model(String name) {
        return Fixtures.model(name);
    }

    /** A file whose length field is {@code length}, followed by {@code rest}. */
    static byte[] withLength(long length, byte[] rest) {
        return ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN).putLong(length).put(rest).array();
    }

    /** A file with header bytes {@code header} (true length) and {@code dataBytes} data bytes 0, 1, 2, ... */
    static byte[] raw(byte[] header, int dataBytes) {
        byte[] rest = new byte[header.length + dataBytes];
        System.arraycopy(header, 0, rest, 0, header.length);
        for (int i = 0; i < dataBytes; i++) {
            rest[header.length + i] = (byte) i;
        }
        return withLength(header.length, rest);
    }

    /** As {@link #raw(byte[], int)} with a JSON header; single quotes become double quotes. */
    static byte[] raw(String json, int dataBytes) {
        return raw(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8), dataBytes);
    }

    static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    /** Asserts {@code body} throws a {@link SafetensorsException} about {@code path} whose message holds {@code fragment}. */
    static SafetensorsException assertRefused(Path path, String fragment, Executable body) {
        SafetensorsException e = assertThrows(SafetensorsException.class, body);
        assertTrue(e.getMessage().startsWith(path.toString()), () -> "message does not name " + path + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(fragment), () -> "expected '" + fragment + "' in: " + e.getMessage());
        return e;
    }
}
