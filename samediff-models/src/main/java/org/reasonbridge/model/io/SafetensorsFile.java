package org.reasonbridge.model.io;

import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One open safetensors file: its validated header, and FP32 reads of its tensors through read-only
 * memory maps of each tensor's bytes (in chunks, so files and tensors past 2 GiB work). BF16, F16 and
 * F64 are converted to FP32 in Java. Thread-safe for reads; {@link #close()} releases the file.
 */
public final class SafetensorsFile implements AutoCloseable {

    /** Largest region mapped at once; a multiple of every element size. */
    static final long DEFAULT_CHUNK_BYTES = 1L << 30;
    /** Elements converted per step when widening into native memory. */
    private static final int SCRATCH_ELEMENTS = 1 << 20;
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

    /** As {@link #open(Path)}, mapping at most {@code chunkBytes} at a time (small values test chunking). */
    static SafetensorsFile open(Path file, long chunkBytes) throws IOException {
        if (chunkBytes < 8 || chunkBytes > Integer.MAX_VALUE) {
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

    /** Tensor {@code name} as a new FP32 c-order INDArray of its shape, allocated outside any workspace. */
    public INDArray readFloat(String name) throws IOException {
        TensorInfo t = floatTensor(name);
        INDArray out;
        // weights outlive any workspace the caller may be in
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (t.numel() == 0) {
                return Nd4j.create(DataType.FLOAT, t.shape());
            }
            out = Nd4j.createUninitialized(DataType.FLOAT, t.shape(), 'c');
        }
        Pointer address = out.data().addressPointer();
        BytePointer bytes = new BytePointer(address);
        FloatPointer floats = new FloatPointer(address);
        float[] scratch = new float[(int) Math.min(SCRATCH_ELEMENTS, t.numel())];
        forEachChunk(t, (first, chunk, count) -> {
            if (t.dtype() == DType.F32 && NATIVE_LITTLE_ENDIAN) {
                // same byte layout: one native copy from the page cache into the array
                Pointer.memcpy(bytes.position(first * 4), new BytePointer(chunk), (long) count * 4);
                Reference.reachabilityFence(chunk); // the map must outlive the copy from its address
                return;
            }
            for (int done = 0; done < count; done += scratch.length) {
                int n = Math.min(scratch.length, count - done);
                convert(t.dtype(), chunk, done, scratch, 0, n);
                floats.position(first + done).put(scratch, 0, n);
            }
        });
        return out;
    }

    /** Tensor {@code name} as a flat FP32 array in c order; for tensors under 2^31 elements. */
    public float[] readFloatArray(String name) throws IOException {
        TensorInfo t = floatTensor(name);
        if (t.numel() > Integer.MAX_VALUE - 8) {
            throw new SafetensorsException(file, "tensor '" + name + "' has " + t.numel()
                    + " elements, too many for a float[]; use readFloat");
        }
        float[] out = new float[(int) t.numel()];
        forEachChunk(t, (first, chunk, count) -> convert(t.dtype(), chunk, 0, out, (int) first, count));
        return out;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        // maps already handed out stay valid until collected: the JDK unmaps them, not us
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

    private interface ChunkConsumer {
        /** {@code chunk}: little-endian bytes of elements {@code first .. first+count-1}, at position 0. */
        void accept(long first, ByteBuffer chunk, int count) throws IOException;
    }

    private void forEachChunk(TensorInfo t, ChunkConsumer consumer) throws IOException {
        int size = t.dtype().byteSize();
        long perChunk = chunkBytes / size;
        for (long first = 0; first < t.numel(); first += perChunk) {
            int count = (int) Math.min(perChunk, t.numel() - first);
            MappedByteBuffer chunk = channel.map(FileChannel.MapMode.READ_ONLY, t.offset() + first * size,
                    (long) count * size);
            chunk.order(ByteOrder.LITTLE_ENDIAN);
            consumer.accept(first, chunk, count);
        }
    }

    /** Converts {@code n} elements of {@code src} starting at element {@code from} to FP32. */
    private static void convert(DType dtype, ByteBuffer src, int from, float[] dst, int at, int n) {
        switch (dtype) {
            case F32 -> src.asFloatBuffer().get(from, dst, at, n);
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    dst[at + i] = LowPrecision.bf16ToFloat(src.getShort(2 * (from + i)));
                }
            }
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    dst[at + i] = LowPrecision.halfToFloat(src.getShort(2 * (from + i)));
                }
            }
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    dst[at + i] = (float) src.getDouble(8 * (from + i));
                }
            }
            default -> throw new IllegalStateException("not a float dtype: " + dtype);
        }
    }
}
