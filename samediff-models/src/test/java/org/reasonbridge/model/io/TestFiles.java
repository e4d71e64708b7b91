package org.reasonbridge.model.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;

/** Shared helpers: where the fixtures are, raw safetensors bytes, and exception checks. */
final class TestFiles {
    private TestFiles() {
    }

    /** The shared folder (system property {@code reasonbridge.shared}, set by surefire); skips if absent. */
    static Path shared() {
        Path found = Stream.of(System.getProperty("reasonbridge.shared"), "../shared", "../../shared")
                .filter(s -> s != null && Files.isDirectory(Path.of(s, "fixtures", "models")))
                .map(s -> Path.of(s).toAbsolutePath().normalize()).findFirst().orElse(null);
        assumeTrue(found != null, "shared fixtures not found: set -Dreasonbridge.shared=/path/to/shared");
        return found;
    }

    static Path model(String name) {
        Path dir = shared().resolve("fixtures/models").resolve(name);
        assumeTrue(Files.isDirectory(dir), "fixture model missing: " + dir);
        return dir;
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
