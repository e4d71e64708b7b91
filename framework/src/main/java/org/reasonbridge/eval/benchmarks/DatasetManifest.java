package org.reasonbridge.eval.benchmarks;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.reasonbridge.data.DataFileException;
import org.reasonbridge.data.JsonLines;
import org.reasonbridge.model.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@code datasets/<name>.json} says about one benchmark's public distribution: where to get it, under which
 * license, in which format with which fields and how many rows, the sha256 of each file when a published value
 * could be checked ({@code null} otherwise, with {@code sha256_status} saying so), and the manual route for
 * machines without network access. {@code name} is the {@link Benchmarks} name.
 */
public record DatasetManifest(String name, String description, List<Source> files, String license, String format,
                              List<String> fields, Integer rows,
                              @JsonProperty("sha256_status") String sha256Status, String manual) {
    private static final ObjectMapper JSON = Json.MAPPER;

    /** One file to download: its URL, where it goes under the download folder, and its sha256 or {@code null}. */
    public record Source(String url, String path, String sha256) {
        public Source {
            if (url == null || !url.matches("https?://\\S+")) throw new IllegalArgumentException("url must be http(s): " + url);
            if (path == null || path.isBlank() || path.startsWith("/") || List.of(path.split("/")).contains("..")) {
                throw new IllegalArgumentException("path must be relative, inside the download folder: " + path);
            }
            // An invented or mistyped hash would fail every honest download; null means "not verified".
            if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
        }
    }

    public DatasetManifest {
        if (name == null || !name.matches("[a-z0-9-]+")) throw new IllegalArgumentException("name must be [a-z0-9-]+: " + name);
        if (files == null || files.isEmpty()) throw new IllegalArgumentException("manifest " + name + " lists no files");
        if (manual == null || manual.isBlank()) throw new IllegalArgumentException("manifest " + name + " has no manual route");
        if (rows != null && rows <= 0) throw new IllegalArgumentException("rows must be positive");
        files = List.copyOf(files);
        fields = fields == null ? List.of() : List.copyOf(fields);
        if (files.stream().anyMatch(f -> f.sha256() == null) && (sha256Status == null || sha256Status.isBlank())) {
            throw new IllegalArgumentException("manifest " + name + " has files without sha256 but no sha256_status saying why");
        }
    }

    /** Whether every file has a checksum to verify against. */
    public boolean verified() {
        return files.stream().allMatch(f -> f.sha256() != null);
    }

    public static DatasetManifest read(Path file) {
        try {
            return JSON.readValue(JsonLines.text(file), DatasetManifest.class);
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            String message = cause == e ? e.getOriginalMessage() : cause.getMessage();
            throw new DataFileException(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "bad manifest: " + message);
        } catch (IOException e) {
            throw new DataFileException(file, 0, "bad manifest: " + e.getMessage());
        }
    }

    /** Every {@code *.json} manifest directly in {@code dir}, by name. */
    public static List<DatasetManifest> all(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().map(DatasetManifest::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list manifests", e);
        }
    }

    /** The manifest {@code <dir>/<name>.json}, or an error listing the known names. */
    public static DatasetManifest named(Path dir, String name) {
        Path f = dir.resolve(name + ".json");
        if (!name.matches("[a-z0-9-]+") || !Files.isRegularFile(f)) {
            throw new IllegalArgumentException("no manifest " + f + " (known: "
                    + String.join(", ", all(dir).stream().map(DatasetManifest::name).toList()) + ")");
        }
        DatasetManifest m = read(f);
        if (!m.name().equals(name)) throw new DataFileException(f, 0, "manifest name '" + m.name() + "' differs from its file name");
        return m;
    }
}
