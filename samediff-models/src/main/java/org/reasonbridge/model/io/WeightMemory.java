package org.reasonbridge.model.io;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Off-heap FP32 memory for weights, handed to ND4J without a copy: a {@link Block} is either fresh memory that the
 * reader fills with one positional read per chunk ({@link #allocate}), or a private map of the file ({@link #map}).
 * The ND4J buffer made by {@link Block#toArray} holds its block, so the memory lives exactly as long as the last
 * array (or view) over it, and is released by a {@link Cleaner} after that.
 *
 * <p>Fresh memory is anonymous memory advised {@code MADV_HUGEPAGE} on Linux: ND4J's own allocations are zeroed
 * first (a wasted pass over every byte) and use 4 KiB pages, which made decoding measurably slower than 2 MiB pages.
 * Like ND4J's buffers it is not counted against JavaCPP's {@code maxbytes}.
 */
final class WeightMemory {
    /** Size of a transparent huge page on x86-64 and arm64 (4 KiB base pages); smaller blocks come from ND4J. */
    static final long HUGE_PAGE = 2L << 20;

    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_PRIVATE_ANONYMOUS = MAP_PRIVATE | 0x20; // Linux on x86-64 and arm64
    private static final int O_RDONLY = 0;
    private static final int MADV_HUGEPAGE = 14;
    private static final long MAP_FAILED = -1L;
    private static final Cleaner CLEANER = Cleaner.create();
    private static final LibC LIBC = loadLibC(); // null where anonymous memory is not available

    /** The libc calls used, bound through JNA (JavaCPP exposes malloc and free, not mmap or madvise). */
    interface LibC extends Library {
        long mmap(long address, long length, int prot, int flags, int fd, long offset);

        int munmap(long address, long length);

        int madvise(long address, long length, int advice);

        int getpagesize();

        int open(String path, int flags);

        int close(int fd);
    }

    private WeightMemory() {
    }

    private static LibC loadLibC() {
        boolean knownConstants = Platform.isLinux() && (Platform.isIntel() || Platform.isARM()) && Platform.is64Bit();
        if (!knownConstants) {
            return null;
        }
        try {
            return Native.load(Platform.C_LIBRARY_NAME, LibC.class);
        } catch (UnsatisfiedLinkError e) {
            return null;
        }
    }

    /** Uninitialised room for {@code floats} FP32 values ({@code floats > 0}). */
    static Block allocate(long floats) {
        long bytes = Math.multiplyExact(floats, (long) Float.BYTES);
        if (bytes >= HUGE_PAGE && LIBC != null) {
            Block b = anonymous(floats, bytes);
            if (b != null) {
                return b;
            }
        }
        // small tensors (norms, biases) gain nothing from huge pages, and each map would cost a kernel mapping
        INDArray a;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            a = Nd4j.createUninitialized(DataType.FLOAT, new long[] {floats}, 'c');
        }
        return new Block(a.data().addressPointer().address(), floats, a);
    }

    /** Whether {@link #allocate} of {@code floats} values uses anonymous memory advised to use huge pages. */
    static boolean usesAnonymousMemory(long floats) {
        return LIBC != null && floats * Float.BYTES >= HUGE_PAGE;
    }

    /** Anonymous memory aligned to a huge page and advised to use them; null if the kernel refuses the map. */
    private static Block anonymous(long floats, long bytes) {
        long length = bytes + HUGE_PAGE; // room to align the start
        long base = LIBC.mmap(0, length, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0);
        if (base == MAP_FAILED || base == 0) {
            return null; // e.g. no address space left: ND4J's allocator reports it better
        }
        long address = (base + HUGE_PAGE - 1) & -HUGE_PAGE;
        // a hint: without transparent huge pages it fails, and 4 KiB pages are used
        LIBC.madvise(address, bytes & -HUGE_PAGE, MADV_HUGEPAGE);
        Block b = new Block(address, floats, null);
        b.cleanable = CLEANER.register(b, new Unmap(base, length));
        return b;
    }
    /** Runs once the block is unreachable (or freed): must not refer to the block. */
    private record Unmap(long base, long length) implements Runnable {
        @Override
        public void run() {
            LIBC.munmap(base, length);
        }
    }

    /**
     * FP32 little-endian tensor bytes at {@code offset} of {@code file}, mapped privately (copy-on-write): nothing is
     * read now, pages fault in from the page cache on first use, writes to the array stay private, and the map lives
     * as long as the array. Null where maps are not available (then read instead).
     */
    static Block map(Path file, long offset, long floats) throws IOException {
        if (LIBC == null) {
            return null;
        }
        long bytes = Math.multiplyExact(floats, (long) Float.BYTES);
        long start = offset - offset % LIBC.getpagesize(); // maps start on a page
        int fd = LIBC.open(file.toString(), O_RDONLY);
        if (fd < 0) {
            throw new IOException(file + ": cannot open the file to map it (errno " + Native.getLastError() + ")");
        }
        try {
            long length = offset - start + bytes;
            long base = LIBC.mmap(0, length, PROT_READ_WRITE, MAP_PRIVATE, fd, start);
            if (base == MAP_FAILED || base == 0) {
                throw new IOException(file + ": cannot map " + bytes + " bytes at " + offset + " (errno "
                        + Native.getLastError() + ")");
            }
            Block b = new Block(base + offset - start, floats, null);
            b.cleanable = CLEANER.register(b, new Unmap(base, length));
            return b;
        } finally {
            LIBC.close(fd); // the map keeps the file itself
        }
    }

    /** {@code bytes} bytes at {@code address} as a native-order buffer; the caller keeps the memory alive. */
    static ByteBuffer window(long address, int bytes) {
        return new com.sun.jna.Pointer(address).getByteBuffer(0, bytes).order(ByteOrder.nativeOrder());
    }

    /**
     * A run of FP32 values in native memory, and what keeps it alive: the cleaner registration of memory of our own
     * (anonymous or a map), or the ND4J array it came from. Extends {@link FloatPointer} so the ND4J buffer made from it holds it.
     */
    static final class Block extends FloatPointer {
        private final INDArray owner; // the ND4J array whose memory this is, or null for memory of our own
        private Cleaner.Cleanable cleanable; // releases memory of our own

        private Block(long address, long floats, INDArray owner) {
            this.address = address;
            this.capacity = floats;
            this.limit = floats;
            this.owner = owner;
        }

        @Override
        public int sizeof() {
            return Float.BYTES;
        }

        /** Number of FP32 values. */
        long floats() {
            return capacity;
        }

        /**
         * A c-order FLOAT array of {@code shape} over this block, without a copy; the block then belongs to the array.
         */
        INDArray toArray(long[] shape) {
            DataBuffer buffer = Nd4j.createBuffer(this, DataType.FLOAT, capacity, FloatIndexer.create(this));
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                return Nd4j.create(buffer, shape, Nd4j.getStrides(shape, 'c'), 0, 'c', DataType.FLOAT);
            }
        }

        /** Releases the memory now; only for a block never passed to {@link #toArray}. */
        void free() {
            if (cleanable != null) {
                cleanable.clean();
            } else if (owner != null) {
                owner.close();
            }
        }
    }
}
