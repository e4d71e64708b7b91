package org.reasonbridge.model.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.input.JsonFile;
import org.reasonbridge.model.input.JsonFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The weights of a Hugging Face model folder: {@code model.safetensors.index.json} and its shards when
 * the index exists, else {@code model.safetensors}. The index is cross-checked on open: every shard
 * exists and holds the tensors mapped to it, and no tensor is in two shards or unlisted.
 */
public final class Checkpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoint.class);
    private static final int LISTED = 20; // names shown per kind of problem before "... and N more"

    private final Path folder;
    private final Map<String, SafetensorsFile> fileOf; // tensor name -> the open file that holds it
    private final List<SafetensorsFile> files;

    private Checkpoint(Path folder, Map<String, SafetensorsFile> fileOf, List<SafetensorsFile> files) {
        this.folder = folder;
        this.fileOf = Collections.unmodifiableMap(fileOf);
        this.files = List.copyOf(files);
    }

    /**
     * Opens the checkpoint in {@code modelDir} (or the single {@code .safetensors} file it names),
     * validating every file; throws {@link SafetensorsException} naming the folder or file at fault.
     */
    public static Checkpoint open(Path modelDir) throws IOException {
        if (Files.isRegularFile(modelDir)) {
            return fromFiles(modelDir, List.of(SafetensorsFile.open(modelDir)));
        }
        if (!Files.isDirectory(modelDir)) {
            throw new SafetensorsException(modelDir, "is neither a model folder nor a safetensors file");
        }
        Path index = modelDir.resolve(SafetensorsWriter.INDEX_FILE);
        if (Files.exists(index)) {
            return openSharded(modelDir, index);
        }
        Path single = modelDir.resolve(SafetensorsWriter.SINGLE_FILE);
        if (!Files.exists(single)) {
            throw new SafetensorsException(modelDir, "no " + SafetensorsWriter.INDEX_FILE + " and no "
                    + SafetensorsWriter.SINGLE_FILE + " in this folder");
        }
        return fromFiles(modelDir, List.of(SafetensorsFile.open(single)));
    }

    private static Checkpoint fromFiles(Path folder, List<SafetensorsFile> files) {
        Map<String, SafetensorsFile> fileOf = new LinkedHashMap<>();
        files.forEach(f -> f.tensors().keySet().forEach(n -> fileOf.put(n, f)));
        return new Checkpoint(folder, fileOf, files);
    }

    private static Checkpoint openSharded(Path folder, Path index) throws IOException {
        Map<String, String> weightMap = readWeightMap(index);
        Map<String, List<String>> byShard = new TreeMap<>();
        weightMap.forEach((tensor, shard) -> byShard.computeIfAbsent(shard, s -> new ArrayList<>()).add(tensor));
        List<String> problems = new ArrayList<>();
        Path base = folder.toAbsolutePath().normalize();
        for (var e : byShard.entrySet()) {
            Path shard = base.resolve(e.getKey()).normalize();
            String claim = " (" + e.getValue().size() + " tensors, e.g. '" + e.getValue().get(0) + "')";
            if (!base.equals(shard.getParent())) {
                problems.add("shard " + e.getKey() + claim + " is not a file name in the folder");
            } else if (!Files.isRegularFile(shard)) {
                problems.add("shard " + e.getKey() + claim + " does not exist");
            }
        }
        fail(index, problems);
        List<SafetensorsFile> open = new ArrayList<>();
        try {
            Map<String, SafetensorsFile> fileOf = new LinkedHashMap<>();
            Map<String, String> seenIn = new LinkedHashMap<>(); // tensor -> first shard that holds it
            for (var e : byShard.entrySet()) {
                SafetensorsFile f = SafetensorsFile.open(folder.resolve(e.getKey()));
                open.add(f);
                for (String tensor : e.getValue()) {
                    if (!f.contains(tensor)) {
                        problems.add("tensor '" + tensor + "' is mapped to " + e.getKey() + " but is not in it");
                    } else {
                        fileOf.put(tensor, f);
                    }
                }
                for (String tensor : f.tensors().keySet()) {
                    String first = seenIn.putIfAbsent(tensor, e.getKey());
                    if (first != null) {
                        problems.add("tensor '" + tensor + "' is in two shards: " + first + " and " + e.getKey());
                    } else if (!weightMap.containsKey(tensor)) {
                        problems.add("tensor '" + tensor + "' is in " + e.getKey() + " but not in the weight_map");
                    }
                }
            }
            fail(index, problems);
            // keep the index's order for names()
            Map<String, SafetensorsFile> ordered = new LinkedHashMap<>();
            weightMap.keySet().forEach(n -> ordered.put(n, fileOf.get(n)));
            return new Checkpoint(folder, ordered, open);
        } catch (IOException | RuntimeException e) {
            for (SafetensorsFile f : open) {
                f.close();
            }
            throw e;
        }
    }

    private static Map<String, String> readWeightMap(Path index) throws IOException {
        if (Files.size(index) > SafetensorsHeader.MAX_HEADER_BYTES) {
            throw new SafetensorsException(index, "index is " + Files.size(index) + " bytes; refusing to parse");
        }
        JsonNode root;
        try {
            root = JsonFile.parseObject(JsonFile.text(index, SafetensorsHeader.MAX_HEADER_BYTES, "a safetensors index"), index);
        } catch (JsonFileException e) {
            throw new SafetensorsException(index, "index is not valid JSON: " + e.located(), e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new SafetensorsException(index, "index has no \"weight_map\" object");
        }
        Map<String, String> weightMap = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new SafetensorsException(index, "weight_map value for '" + e.getKey() + "' is not a file name");
            }
            weightMap.put(e.getKey(), e.getValue().asText());
        }
        return weightMap;
    }

    /** The folder (or single file) this checkpoint was opened from. */
    public Path folder() {
        return folder;
    }

    /** All tensor names: index order for a sharded checkpoint, file order otherwise. */
    public Set<String> names() {
        return fileOf.keySet();
    }

    public boolean contains(String name) {
        return fileOf.containsKey(name);
    }

    /** Where tensor {@code name} lives; throws naming the checkpoint and the tensor if it is absent. */
    public TensorInfo info(String name) throws SafetensorsException {
        return fileFor(name).info(name);
    }

    /** Tensor {@code name} widened to a new FP32 INDArray; see {@link SafetensorsFile#readFloat}. */
    public INDArray readFloat(String name) throws IOException {
        return fileFor(name).readFloat(name);
    }

    public float[] readFloatArray(String name) throws IOException {
        return fileFor(name).readFloatArray(name);
    }

    /** Compares the checkpoint with the tensors a model expects, by name and shape. */
    public CheckpointDiff diff(Map<String, long[]> expected, Collection<String> ignorablePatterns) {
        List<Pattern> ignorable = ignorablePatterns.stream().map(Pattern::compile).toList();
        List<String> missing = new ArrayList<>();
        List<CheckpointDiff.ShapeMismatch> misShaped = new ArrayList<>();
        expected.forEach((name, shape) -> {
            SafetensorsFile f = fileOf.get(name);
            if (f == null) {
                missing.add(name);
            } else if (!Arrays.equals(shape, f.tensors().get(name).shape())) {
                misShaped.add(new CheckpointDiff.ShapeMismatch(name, shape, f.tensors().get(name).shape()));
            }
        });
        List<String> unexpected = fileOf.keySet().stream().filter(n -> !expected.containsKey(n))
                .filter(n -> ignorable.stream().noneMatch(p -> p.matcher(n).find())).toList();
        return new CheckpointDiff(missing, unexpected, misShaped);
    }

    /**
     * Throws one {@link SafetensorsException} listing every missing and mis-shaped tensor, and the
     * unexpected ones (not expected and matching no ignorable regex, searched anywhere in the name)
     * when {@code strict}; otherwise unexpected tensors are only logged.
     */
    public void checkAgainst(Map<String, long[]> expected, Collection<String> ignorablePatterns, boolean strict)
            throws SafetensorsException {
        CheckpointDiff d = diff(expected, ignorablePatterns);
        List<String> problems = new ArrayList<>();
        describe(problems, "missing", d.missing());
        describe(problems, "mis-shaped", d.misShaped().stream().map(Object::toString).toList());
        if (strict) {
            describe(problems, "unexpected", d.unexpected());
        } else if (!d.unexpected().isEmpty()) {
            LOG.warn("{}: ignoring {} unexpected tensors: {}", folder, d.unexpected().size(), abbreviate(d.unexpected()));
        }
        fail(folder, problems);
    }

    private static void describe(List<String> problems, String kind, List<String> names) {
        if (!names.isEmpty()) {
            problems.add(names.size() + " " + kind + ": " + abbreviate(names));
        }
    }

    private static String abbreviate(List<String> items) {
        String shown = String.join(", ", items.subList(0, Math.min(LISTED, items.size())));
        return items.size() > LISTED ? shown + ", ... and " + (items.size() - LISTED) + " more" : shown;
    }

    private static void fail(Path where, List<String> problems) throws SafetensorsException {
        if (!problems.isEmpty()) {
            throw new SafetensorsException(where, String.join("; ", problems.subList(0, Math.min(LISTED, problems.size())))
                    + (problems.size() > LISTED ? "; ... and " + (problems.size() - LISTED) + " more problems" : ""));
        }
    }

    private SafetensorsFile fileFor(String name) throws SafetensorsException {
        SafetensorsFile f = fileOf.get(name);
        if (f == null) {
            throw new SafetensorsException(folder, "checkpoint has no tensor '" + name + "'");
        }
        return f;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (SafetensorsFile f : files) {
            try {
                f.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
