package org.reasonbridge.model.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One open safetensors file: its validated header, and FP32 reads of its tensors. A tensor is read with positional
 * reads straight into the off-heap memory of the array returned ({@link WeightMemory}): one copy from the page cache,
 * no heap arrays, in chunks so files and tensors past 2 GiB work. BF16 and F16 are widened in place in the same
 * memory, F64 narrowed through a small scratch buffer. With {@code -Dreasonbridge.mapWeights=true}, F32 tensors are
 * mapped instead of read (see {@link #MAP_WEIGHTS}). Thread-safe for reads; {@link #close()} releases the file.
 */
public final class SafetensorsFile implements AutoCloseable {

    /**
     * {@code -Dreasonbridge.mapWeights=true}: F32 tensors (on little-endian Linux) become private
     * maps of the file instead of copies. Loading is nearly free, but the weights then sit in 4 KiB page-cache pages,
     * which measured ~30% slower decoding than read copies in huge pages; and the file must not be truncated or
     * rewritten in place while the model is loaded (replacing it by a rename, as {@link SafetensorsWriter} does, is safe).
     */
    public static final boolean MAP_WEIGHTS = Boolean.getBoolean("reasonbridge.mapWeights");

    /** Largest read (and window of memory) at once; a multiple of every element size. */
    static final long DEFAULT_CHUNK_BYTES = 1L << 30;
    /** F64 elements narrowed per step through the scratch buffer. */
    private static final int SCRATCH_ELEMENTS = 1 << 20;
    /** Elements widened per step in place; each step writes only sources it has already read. */
    private static final int STEP = 4096;
    private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final Path file;
    private final FileChannel channel;
    private final SafetensorsHeader header;
    private final long chunkBytes;
    private volatile boolean closed;

    private SafetensorsFile(Path file, FileChannel channel, SafetensorsHeader header, long chunkBytes) {
        this.file = file;
        this.channel = channel;
        this.header = header;
        this.chunkBytes = chunkBytes;
    }

    /** Opens and validates {@code file}; throws {@link SafetensorsException} if it is malformed. */
    public static SafetensorsFile open(Path file) throws IOException {
        return open(file, DEFAULT_CHUNK_BYTES);
    }

    /** As {@link #open(Path)}, reading at most {@code chunkBytes} at a time (small values test chunking). */
    static SafetensorsFile open(Path file, long chunkBytes) throws IOException {
        if (chunkBytes < 8 || chunkBytes > Integer.MAX_VALUE || chunkBytes % 8 != 0) {
            throw new IllegalArgumentException("chunkBytes " + chunkBytes);
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new SafetensorsFile(file, channel, SafetensorsHeader.read(file, channel), chunkBytes);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** All tensors, in the order of their bytes in the file. */
    public Map<String, TensorInfo> tensors() {
        return header.tensors();
    }

    /** The {@code __metadata__} map (empty if the file has none). */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    public boolean contains(String name) {
        return header.tensors().containsKey(name);
    }

    /** The tensor called {@code name}; throws naming the file and the tensor if there is none. */
    public TensorInfo info(String name) throws SafetensorsException {
        TensorInfo t = header.tensors().get(name);
        if (t == null) {
            throw new SafetensorsException(file, "no tensor '" + name + "' (file has " + header.tensors().size()
                    + " tensors)");
        }
        return t;
    }

    /**
     * Tensor {@code name} as a new FP32 c-order INDArray of its shape, outside any workspace; its memory is released
     * when the array (and every view of it) is garbage.
     */
    public INDArray readFloat(String name) throws IOException {
        return readFloat(name, MAP_WEIGHTS);
    }

    /** As {@link #readFloat(String)}; {@code map} as {@link #MAP_WEIGHTS}, for tests. */
    INDArray readFloat(String name, boolean map) throws IOException {
        TensorInfo t = floatTensor(name);
        if (t.numel() == 0) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                return Nd4j.create(DataType.FLOAT, t.shape());
            }
        }
        if (map && t.dtype() == DType.F32 && NATIVE_LITTLE_ENDIAN) {
            if (channel.size() < t.offset() + t.byteLength()) {
                throw cutOff(t, channel.size()); // a map past the end would crash the JVM on first use
            }
            WeightMemory.Block mapped = WeightMemory.map(file, t.offset(), t.numel());
            if (mapped != null) {
                return mapped.toArray(t.shape());
            }
        }
        WeightMemory.Block block = WeightMemory.allocate(t.numel());
        try {
            fill(t, block);
        } catch (IOException | RuntimeException e) {
            block.free();
            throw e;
        }
        return block.toArray(t.shape());
    }

    /** Tensor {@code name} as a flat FP32 array in c order; for tensors under 2^31 elements. */
    public float[] readFloatArray(String name) throws IOException {
        TensorInfo t = floatTensor(name);
        if (t.numel() > Integer.MAX_VALUE - 8) {
            throw new SafetensorsException(file, "tensor '" + name + "' has " + t.numel()
                    + " elements, too many for a float[]; use readFloat");
        }
        float[] out = new float[(int) t.numel()];
        if (out.length == 0) {
            return out;
        }
        WeightMemory.Block block = WeightMemory.allocate(t.numel());
        try {
            fill(t, block);
            forEachChunk(t.numel(), (first, count) ->
                    floats(block, first, count).get(0, out, (int) first, count));
        } finally {
            block.free();
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        // arrays already handed out own their memory (and maps): closing the file does not touch them
        channel.close();
    }

    private TensorInfo floatTensor(String name) throws SafetensorsException {
        if (closed) {
            throw new IllegalStateException(file + " is closed");
        }
        TensorInfo t = info(name);
        if (!t.dtype().readableAsFloat()) {
            throw new SafetensorsException(file, "tensor '" + name + "' has dtype " + t.dtype()
                    + ", which is not read as float (F32, F16, BF16 and F64 are)");
        }
        return t;
    }

    /** Fills {@code block} with tensor {@code t} as FP32: one read of its bytes, then a conversion pass if needed. */
    private void fill(TensorInfo t, WeightMemory.Block block) throws IOException {
        long n = t.numel();
        long address = block.address();
        switch (t.dtype()) {
            case F32 -> {
                read(t, 0, address, t.byteLength());
                if (!NATIVE_LITTLE_ENDIAN) {
                    forEachChunk(n, (first, count) -> {
                        FloatBuffer le = window(address + 4 * first, 4 * count).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                        FloatBuffer out = floats(block, first, count);
                        for (int i = 0; i < count; i++) {
                            out.put(i, le.get(i));
                        }
                    });
                }
            }
            case BF16, F16 -> {
                // The 2-byte values are read into the upper half of the block and widened front to back, a step of
                // elements [i, i+m) at a time (read, then written): the step's writes end at byte 4(i+m) <= 2n + 2(i+m),
                // where the sources of the later elements start (element j's is at 2n + 2j). So it is done in place.
                long upper = address + 2 * n;
                read(t, 0, upper, t.byteLength());
                forEachChunk(n, (first, count) -> {
                    ByteBuffer in = window(upper + 2 * first, 2 * count).order(ByteOrder.LITTLE_ENDIAN);
                    ByteBuffer out = window(address + 4 * first, 4 * count);
                    if (t.dtype() == DType.BF16) {
                        widenBf16(in, out, count);
                    } else {
                        widenHalf(in, out, count);
                    }
                });
            }
            case F64 -> {
                ByteBuffer scratch = ByteBuffer.allocateDirect((int) Math.min(SCRATCH_ELEMENTS, n) * 8)
                        .order(ByteOrder.LITTLE_ENDIAN);
                for (long first = 0; first < n; first += SCRATCH_ELEMENTS) {
                    int count = (int) Math.min(SCRATCH_ELEMENTS, n - first);
                    scratch.clear().limit(count * 8);
                    readFully(t, first * 8, scratch);
                    FloatBuffer out = floats(block, first, count);
                    for (int i = 0; i < count; i++) {
                        out.put(i, (float) scratch.getDouble(8 * i));
                    }
                }
            }
            default -> throw new IllegalStateException("not a float dtype: " + t.dtype());
        }
    }

    /** Reads bytes {@code [from, from+bytes)} of tensor {@code t} into native memory at {@code address}. */
    private void read(TensorInfo t, long from, long address, long bytes) throws IOException {
        for (long done = 0; done < bytes; done += chunkBytes) {
            int n = (int) Math.min(chunkBytes, bytes - done);
            readFully(t, from + done, window(address + done, n));
        }
    }

    /** Fills {@code into} from byte {@code from} of tensor {@code t}; a short file is an error naming the tensor. */
    private void readFully(TensorInfo t, long from, ByteBuffer into) throws IOException {
        try {
            while (into.hasRemaining()) {
                long at = t.offset() + from + into.position();
                if (channel.read(into, at) < 0) {
                    throw cutOff(t, at);
                }
            }
        } catch (SafetensorsException e) {
            throw e;
        } catch (IOException e) {
            throw new SafetensorsException(file, "reading tensor '" + t.name() + "' failed: " + e, e);
        }
    }

    /**
     * BF16 to FP32 by integer ops that vectorise: a little-endian int holds two BF16 values, the low one element 2k, so
     * the FP32 bits are {@code x << 16} and {@code x & 0xFFFF0000}. Steps of {@link #STEP} elements through small heap
     * buffers: bulk copies, and never more than a step ahead of the in-place order (see {@link #fill}).
     */
    private static void widenBf16(ByteBuffer in, ByteBuffer out, int count) {
        IntBuffer pairs = in.asIntBuffer();
        IntBuffer bits = out.order(ByteOrder.nativeOrder()).asIntBuffer();
        int[] packed = new int[STEP / 2];
        int[] wide = new int[STEP];
        int even = count & ~1;
        for (int i = 0; i < even; i += STEP) {
            int m = Math.min(STEP, even - i);
            pairs.get(i / 2, packed, 0, m / 2);
            for (int k = 0; k < m / 2; k++) {
                wide[2 * k] = packed[k] << 16;
                wide[2 * k + 1] = packed[k] & 0xFFFF0000;
            }
            bits.put(i, wide, 0, m);
        }
        if (even < count) {
            bits.put(even, (in.getShort(2 * even) & 0xFFFF) << 16);
        }
    }

    /** IEEE half to FP32 through the exact table of {@link LowPrecision}, in steps as {@link #widenBf16}. */
    private static void widenHalf(ByteBuffer in, ByteBuffer out, int count) {
        ShortBuffer halves = in.asShortBuffer();
        FloatBuffer floats = out.order(ByteOrder.nativeOrder()).asFloatBuffer();
        short[] narrow = new short[STEP];
        float[] wide = new float[STEP];
        for (int i = 0; i < count; i += STEP) {
            int m = Math.min(STEP, count - i);
            halves.get(i, narrow, 0, m);
            for (int k = 0; k < m; k++) {
                wide[k] = LowPrecision.halfToFloat(narrow[k]);
            }
            floats.put(i, wide, 0, m);
        }
    }

    private SafetensorsException cutOff(TensorInfo t, long end) {
        return new SafetensorsException(file, "tensor '" + t.name() + "' (bytes " + t.offset() + " to "
                + (t.offset() + t.byteLength()) + ") is cut off: the file ends at byte " + end
                + " (was it truncated after it was opened?)");
    }

    private interface ChunkAction {
        void accept(long first, int count) throws IOException;
    }

    /** Runs {@code action} over elements {@code [0, n)} in runs whose FP32 bytes fit in one chunk. */
    private void forEachChunk(long n, ChunkAction action) throws IOException {
        long perChunk = chunkBytes / Float.BYTES;
        for (long first = 0; first < n; first += perChunk) {
            action.accept(first, (int) Math.min(perChunk, n - first));
        }
    }

    /** Elements {@code [first, first+count)} of {@code block} as a native-order float buffer. */
    private static FloatBuffer floats(WeightMemory.Block block, long first, int count) {
        return window(block.address() + 4 * first, 4 * count).asFloatBuffer();
    }

    private static ByteBuffer window(long address, long bytes) {
        return WeightMemory.window(address, Math.toIntExact(bytes));
    }
}
