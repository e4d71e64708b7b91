package org.reasonbridge.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.reasonbridge.data.AtomicFiles;
import org.reasonbridge.data.DataFileException;
import org.reasonbridge.model.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a run was made with, kept as {@value #FILE} in its output folder: the identity (benchmark content, model and
 * adapters by resolved path and digest, policy with every knob, generation settings, prompt format) and its
 * fingerprint, which every sample line repeats. A run into a folder holding another identity's samples is refused
 * with the fields that differ, so a resume never mixes the answers of two runs; {@code overwrite} starts afresh.
 */
public final class RunRecord {
    public static final String FILE = "run.json";
    private static final ObjectMapper JSON = Json.MAPPER;

    private final ObjectNode identity;
    private final String fingerprint;

    /** @param identity JSON-ready values (maps, lists, strings, numbers, booleans) */
    public RunRecord(Map<String, Object> identity) {
        this.identity = JSON.valueToTree(identity);
        this.fingerprint = fingerprint(this.identity);
    }

    /** 16 hex digits of SHA-256 over the identity's canonical JSON (keys sorted). */
    public String fingerprint() {
        return fingerprint;
    }

    public JsonNode identity() {
        return identity;
    }

    private static String fingerprint(JsonNode identity) {
        try {
            byte[] canonical = JSON.writeValueAsBytes(JSON.treeToValue(identity, Object.class));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical), 0, 8);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Makes {@code outDir} this run's: with {@code overwrite}, earlier {@code files} (and {@value #FILE}) are deleted;
     * otherwise a folder holding another run's record, or samples without a record, is refused, naming what changed.
     * Then {@value #FILE} is written (atomically).
     */
    public void claim(Path outDir, boolean overwrite, List<String> files) {
        Path record = outDir.resolve(FILE);
        try {
            Files.createDirectories(outDir);
            if (overwrite) {
                for (String f : files) Files.deleteIfExists(outDir.resolve(f));
                Files.deleteIfExists(record);
            } else if (Files.exists(record)) {
                List<String> changed = differences(read(record), identity);
                if (!changed.isEmpty()) {
                    throw new RunMismatchException(outDir + " holds a run with other inputs (" + record + "); changed: "
                            + String.join("; ", changed) + ". Use another --out, or --overwrite to start afresh.");
                }
            } else {
                for (String f : files) {
                    if (Files.exists(outDir.resolve(f)) && Files.size(outDir.resolve(f)) > 0) {
                        throw new RunMismatchException(outDir.resolve(f) + " was written without a " + FILE
                                + " saying what it was run with, so it cannot be resumed safely. Use another --out, or "
                                + "--overwrite to start afresh.");
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(outDir + ": " + e.getMessage(), e);
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("fingerprint", fingerprint);
        out.set("identity", identity);
        AtomicFiles.writeString(record, out.toPrettyString() + "\n");
    }

    private static JsonNode read(Path record) {
        try {
            JsonNode n = JSON.readTree(Files.readString(record, StandardCharsets.UTF_8));
            if (n == null || !n.path("identity").isObject()) throw new DataFileException(record, 1, "no \"identity\" object");
            return n.get("identity");
        } catch (IOException e) {
            throw new DataFileException(record, 0, "malformed JSON: " + e.getMessage());
        }
    }

    /** Each leaf that differs, as {@code path: old -> new}. */
    static List<String> differences(JsonNode before, JsonNode now) {
        List<String> out = new ArrayList<>();
        diff("", before, now, out);
        return out;
    }

    private static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) diff(path.isEmpty() ? k : path + "." + k, a.get(k), b.get(k), out);
            return;
        }
        if (a == null ? b == null : a.equals(b)) return;
        out.add(path + ": " + show(a) + " -> " + show(b));
    }

    private static String show(JsonNode v) {
        if (v == null || v.isMissingNode()) return "(absent)";
        String s = v.isTextual() ? v.asText() : v.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    /** A run that would mix with another's samples. */
    public static final class RunMismatchException extends IllegalArgumentException {
        RunMismatchException(String message) {
            super(message);
        }
    }
}
