package org.reasonbridge.model.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.json.Json;

/**
 * Writes FP32 data as a safetensors file stored in F32, BF16 or F16 (rounded to nearest even), laid
 * out as the reference writer does: tensors sorted by name, header padded with spaces to a multiple of
 * 8 bytes. Files appear atomically (written to a temporary file in the same folder, then moved).
 * Arrays added are read at write time, not copied: do not change them in between.
 *
 * <pre>{@code
 * new SafetensorsWriter(DType.BF16).metadata("format", "pt").add("w", array).write(path);
 * }</pre>
 */
public final class SafetensorsWriter {

    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";
    private static final Pattern SHARD_NAME = Pattern.compile("model-\\d{5}-of-\\d{5}\\.safetensors");
    private static final int CHUNK_ELEMENTS = 1 << 20;
    private static final ObjectMapper JSON = Json.MAPPER;

    private final DType dtype;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final Map<String, Entry> tensors = new LinkedHashMap<>();

    /** FP32 source of one tensor: copies elements {@code from .. from+n-1} (c order) into {@code dst}. */
    private interface FloatSource {
        void get(long from, float[] dst, int n);
    }

    private record Entry(String name, long[] shape, long numel, FloatSource source) {
    }

    /** A writer storing every tensor as {@code dtype}: F32, BF16 or F16. */
    public SafetensorsWriter(DType dtype) {
        if (!Objects.requireNonNull(dtype, "dtype").writable()) {
            throw new IllegalArgumentException("cannot write " + dtype + "; use F32, BF16 or F16");
        }
        this.dtype = dtype;
    }

    /** Adds one {@code __metadata__} entry (the reference writers put {@code "format": "pt"}). */
    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    public SafetensorsWriter metadata(Map<String, String> entries) {
        entries.forEach(this::metadata);
        return this;
    }

    /** Adds a FLOAT or DOUBLE array (any ordering or view) under {@code name}. */
    public SafetensorsWriter add(String name, INDArray array) {
        DataType type = array.dataType();
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            // ND4J's HALF/BFLOAT16 casts are unreliable on CPU; make the caller widen explicitly
            throw new IllegalArgumentException(name + ": cannot write a " + type + " array; give FLOAT or DOUBLE");
        }
        INDArray c = type == DataType.FLOAT ? array : array.castTo(DataType.FLOAT);
        if (c.isView() || c.ordering() != 'c' || c.data().length() != c.length()) {
            c = c.dup('c');
        }
        INDArray contiguous = c;
        return put(name, array.shape(), (from, dst, n) ->
                new FloatPointer(contiguous.data().addressPointer()).position(from).get(dst, 0, n));
    }

    /** Adds {@code data} (c order, not copied) with the given shape; {@code data.length} must equal numel. */
    public SafetensorsWriter add(String name, float[] data, long... shape) {
        Objects.requireNonNull(data, "data");
        if (TensorInfo.numel(shape) != data.length) {
            throw new IllegalArgumentException(name + ": " + data.length + " values for shape " + Arrays.toString(shape));
        }
        return put(name, shape, (from, dst, n) -> System.arraycopy(data, (int) from, dst, 0, n));
    }

    private SafetensorsWriter put(String name, long[] shape, FloatSource source) {
        Objects.requireNonNull(name, "name");
        if (name.equals(SafetensorsHeader.METADATA_KEY) || tensors.containsKey(name)) {
            throw new IllegalArgumentException("tensor name '" + name + "' is reserved or already added");
        }
        long[] copy = shape.clone();
        tensors.put(name, new Entry(name, copy, TensorInfo.numel(copy), source));
        return this;
    }

    /** Writes all tensors to {@code file}, replacing it atomically. */
    public void write(Path file) throws IOException {
        writeFile(file, new ArrayList<>(tensors.values()));
    }

    /**
     * Writes a Hugging Face sharded checkpoint into {@code folder}: tensors, in the order added, fill
     * shards {@code model-00001-of-0000N.safetensors} of at most {@code maxShardBytes} (a larger tensor
     * gets a shard of its own), then {@code model.safetensors.index.json} is written last. As
     * {@code save_pretrained} does, a single shard is written as {@code model.safetensors} with no
     * index, and stale checkpoint files from an earlier save in the folder are deleted afterwards.
     *
     * @return the tensor files written
     */
    public List<Path> writeSharded(Path folder, long maxShardBytes) throws IOException {
        if (maxShardBytes <= 0) {
            throw new IllegalArgumentException("maxShardBytes " + maxShardBytes);
        }
        List<List<Entry>> shards = new ArrayList<>();
        long current = 0;
        for (Entry e : tensors.values()) {
            long bytes = e.numel() * dtype.byteSize();
            if (shards.isEmpty() || (!shards.get(shards.size() - 1).isEmpty() && current + bytes > maxShardBytes)) {
                shards.add(new ArrayList<>());
                current = 0;
            }
            shards.get(shards.size() - 1).add(e);
            current += bytes;
        }
        Files.createDirectories(folder);
        if (shards.size() <= 1) {
            Path single = folder.resolve(SINGLE_FILE);
            write(single);
            deleteStale(folder, Set.of(single.getFileName().toString()));
            return List.of(single);
        }
        List<Path> written = new ArrayList<>();
        Map<String, String> weightMap = new TreeMap<>();
        long totalSize = 0;
        for (int i = 0; i < shards.size(); i++) {
            String shardName = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
            Path shard = folder.resolve(shardName);
            writeFile(shard, shards.get(i));
            written.add(shard);
            for (Entry e : shards.get(i)) {
                weightMap.put(e.name(), shardName);
                totalSize += e.numel() * dtype.byteSize();
            }
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("metadata", Map.of("total_size", totalSize));
        index.put("weight_map", weightMap);
        writeAtomically(folder.resolve(INDEX_FILE), channel ->
                writeFully(channel, ByteBuffer.wrap(Json.pretty().writeValueAsBytes(index))));
        Set<String> keep = new HashSet<>();
        written.forEach(p -> keep.add(p.getFileName().toString()));
        keep.add(INDEX_FILE);
        deleteStale(folder, keep);
        return written;
    }

    private void writeFile(Path file, List<Entry> entries) throws IOException {
        // the reference writers sort by alignment, then name; with one dtype that is by name
        entries.sort(Comparator.comparing(Entry::name));
        // a tree, not a map: the reference's key order (metadata first, then dtype, shape, data_offsets) is kept as
        // written, where the project's mapper would sort a map's keys
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            header.set(SafetensorsHeader.METADATA_KEY, JSON.valueToTree(metadata));
        }
        long offset = 0;
        for (Entry e : entries) {
            long bytes = e.numel() * dtype.byteSize();
            ObjectNode info = header.putObject(e.name());
            info.put("dtype", dtype.name());
            info.set("shape", JSON.valueToTree(e.shape()));
            info.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8; // 8 + padded is then a multiple of 8, as in the reference
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        writeAtomically(file, channel -> {
            writeFully(channel, head);
            writeData(channel, entries);
        });
    }

    private void writeData(FileChannel channel, List<Entry> entries) throws IOException {
        int size = dtype.byteSize();
        ByteBuffer out = ByteBuffer.allocateDirect(CHUNK_ELEMENTS * size).order(ByteOrder.LITTLE_ENDIAN);
        float[] scratch = new float[CHUNK_ELEMENTS];
        for (Entry e : entries) {
            for (long from = 0; from < e.numel(); from += CHUNK_ELEMENTS) {
                int n = (int) Math.min(CHUNK_ELEMENTS, e.numel() - from);
                e.source().get(from, scratch, n);
                out.clear();
                switch (dtype) {
                    case F32 -> out.asFloatBuffer().put(scratch, 0, n);
                    case BF16 -> {
                        for (int i = 0; i < n; i++) {
                            out.putShort(2 * i, LowPrecision.floatToBf16(scratch[i]));
                        }
                    }
                    case F16 -> {
                        for (int i = 0; i < n; i++) {
                            out.putShort(2 * i, LowPrecision.floatToHalf(scratch[i]));
                        }
                    }
                    default -> throw new IllegalStateException(dtype.name());
                }
                out.limit(n * size);
                writeFully(channel, out);
            }
        }
    }

    private interface ChannelWriter {
        void write(FileChannel channel) throws IOException;
    }

    /** Writes a uniquely named temporary file next to {@code target}, syncs it, then renames it over. */
    private static void writeAtomically(Path target, ChannelWriter body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path tmp = absolute.resolveSibling("." + absolute.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                body.write(channel);
                channel.force(true);
            }
            Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Deletes checkpoint files (by Hugging Face names) in {@code folder} that are not in {@code keep}. */
    private static void deleteStale(Path folder, Set<String> keep) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                boolean checkpointFile = n.equals(SINGLE_FILE) || n.equals(INDEX_FILE) || SHARD_NAME.matcher(n).matches();
                if (checkpointFile && !keep.contains(n)) {
                    Files.delete(f);
                }
            }
        }
    }
}
