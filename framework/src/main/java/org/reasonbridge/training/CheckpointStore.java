package org.reasonbridge.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.io.DType;
import org.reasonbridge.model.io.SafetensorsFile;
import org.reasonbridge.model.io.SafetensorsWriter;
import org.reasonbridge.model.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The run's checkpoint folder {@code OUT/checkpoint}: trainable tensors, optimizer moments and the trainer state.
 * A new checkpoint is written completely into {@code checkpoint.tmp}, then swapped in by renames, so a kill at any
 * moment leaves either the previous or the new checkpoint whole ({@code checkpoint.old} covers the instant
 * between the two renames).
 */
final class CheckpointStore {
    private static final ObjectMapper JSON = Json.MAPPER;
    static final String PARAMS = "trainable.safetensors";
    static final String OPTIMIZER = "optimizer.safetensors";
    static final String STATE = "trainer_state.json";

    private final Path current, tmp, old;

    CheckpointStore(Path outDir) {
        this.current = outDir.resolve("checkpoint");
        this.tmp = outDir.resolve("checkpoint.tmp");
        this.old = outDir.resolve("checkpoint.old");
    }

    /** The checkpoint to resume from, if any. */
    Optional<Path> latest() {
        if (Files.exists(current.resolve(STATE))) return Optional.of(current);
        if (Files.exists(old.resolve(STATE))) return Optional.of(old);
        return Optional.empty();
    }

    void save(TrainerState state, Map<String, INDArray> params, Map<String, INDArray> optimizer) {
        try {
            deleteTree(tmp);
            Files.createDirectories(tmp);
            write(params, tmp.resolve(PARAMS));
            write(optimizer, tmp.resolve(OPTIMIZER));
            Files.writeString(tmp.resolve(STATE), Json.pretty().writeValueAsString(state));
            deleteTree(old);
            if (Files.exists(current)) Files.move(current, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmp, current, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + current, e);
        }
    }

    private static void write(Map<String, INDArray> tensors, Path file) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter(DType.F32);
        tensors.forEach(w::add);
        w.write(file);
    }

    static TrainerState state(Path checkpoint) {
        try {
            return JSON.readValue(checkpoint.resolve(STATE).toFile(), TrainerState.class);
        } catch (IOException e) {
            throw new UncheckedIOException(checkpoint.resolve(STATE) + ": unreadable trainer state", e);
        }
    }

    static Map<String, INDArray> tensors(Path file) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (String name : f.tensors().keySet()) out.put(name, f.readFloat(name));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": unreadable checkpoint tensors", e);
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
