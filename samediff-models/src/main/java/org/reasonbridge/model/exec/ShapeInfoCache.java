package org.reasonbridge.model.exec;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.BaseShapeInfoProvider;
import org.nd4j.linalg.api.ndarray.ShapeInfoProvider;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ND4J's shape-information provider with a cache on the path arrays are made through. ND4J M2.1's CPU provider
 * ({@value #CPU_PROVIDER}) caches two overloads (the first 1,000 shapes), but not the one most {@code INDArray}
 * constructors ask for, {@code createShapeInformation(shape, stride, ews, order, type, empty)}, which it inherits
 * uncached, so each new array (a pooled intermediate, a reshape view, an op's result) has libnd4j build its shape
 * buffer again through two fresh JavaCPP pointers, and each JavaCPP allocation reads {@code /proc/self/statm} for the
 * {@code maxphysicalbytes} check: ≈ 3 % of a training step of the {@code small} preset (docs/performance.md). libnd4j
 * keeps every shape buffer it builds for the life of the process ({@code ConstantShapeHelper}), so this cache only
 * holds Java handles to them, as the stock provider's own caches do; it starts over after {@link #MAX_ENTRIES}.
 * The result for a key is the same buffer contents either way, so nothing computed changes.
 *
 * <p>{@link #install()} puts it in place of the CPU provider (other backends keep theirs). {@code
 * ShapeInfoCacheTest} fails once ND4J caches that overload itself, when this class can go.
 */
public final class ShapeInfoCache extends BaseShapeInfoProvider {
    /** The CPU backend's provider, the one replaced. */
    static final String CPU_PROVIDER = "org.nd4j.linalg.cpu.nativecpu.DirectShapeInfoProvider";
    /** Entries kept before the cache starts over (a decode's growing KV cache makes new shapes at every step). */
    static final int MAX_ENTRIES = 1 << 16;
    private static volatile boolean installed;

    private final ConcurrentHashMap<Key, Pair<DataBuffer, long[]>> cache = new ConcurrentHashMap<>();

    /** Makes ND4J use a {@code ShapeInfoCache} when its backend is the CPU one; once per process, later calls return. */
    public static void install() {
        if (installed) return;
        synchronized (ShapeInfoCache.class) {
            if (installed) return;
            installed = true;
            try {
                ShapeInfoProvider current = Nd4j.getShapeInfoProvider(); // in the try: a backend that fails to load
                if (!current.getClass().getName().equals(CPU_PROVIDER)) return; // fails where it is used, not here
                Field f = Nd4j.class.getDeclaredField("shapeInfoProvider"); // a static with a getter and no setter
                f.setAccessible(true);
                f.set(null, new ShapeInfoCache());
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                System.err.println("reasonbridge: ND4J's shape information stays uncached: " + e);
            }
        }
    }

    @Override
    public Pair<DataBuffer, long[]> createShapeInformation(long[] shape, long[] stride, long elementWiseStride,
                                                           char order, DataType type, boolean empty) {
        Key key = new Key(shape, stride, elementWiseStride, order, 0L, type, empty);
        Pair<DataBuffer, long[]> p = cache.get(key);
        if (p != null) return p;
        p = super.createShapeInformation(shape, stride, elementWiseStride, order, type, empty);
        remember(key.owned(), p);
        return p;
    }

    @Override
    public Pair<DataBuffer, long[]> createShapeInformation(long[] shape, long[] stride, long elementWiseStride,
                                                           char order, long extras) {
        long ews = Math.max(0, elementWiseStride); // as the CPU provider passes it on
        Key key = new Key(shape, stride, ews, order, extras, null, false);
        Pair<DataBuffer, long[]> p = cache.get(key);
        if (p != null) return p;
        p = super.createShapeInformation(shape, stride, ews, order, extras);
        remember(key.owned(), p);
        return p;
    }

    private void remember(Key key, Pair<DataBuffer, long[]> p) {
        if (cache.size() >= MAX_ENTRIES) cache.clear();
        cache.put(key, p);
    }

    /** Entries held now. */
    int size() {
        return cache.size();
    }

    @Override
    public void purgeCache() {
        cache.clear();
    }

    /** What a shape buffer is built from: a type and emptiness, or (type null) the flags as {@code extras}. */
    private record Key(long[] shape, long[] stride, long ews, char order, long extras, DataType type, boolean empty) {
        /** The same key over copies of the arrays, which the caller may change after the call. */
        Key owned() {
            return new Key(shape.clone(), stride.clone(), ews, order, extras, type, empty);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.ews == ews && k.order == order && k.extras == extras && k.type == type
                    && k.empty == empty && Arrays.equals(k.shape, shape) && Arrays.equals(k.stride, stride);
        }

        @Override
        public int hashCode() {
            int h = 31 * Arrays.hashCode(shape) + Arrays.hashCode(stride);
            h = 31 * h + Long.hashCode(ews * 31 + extras);
            return 31 * (31 * h + order) + (type == null ? 0 : type.ordinal() + 1) * 2 + (empty ? 1 : 0);
        }
    }
}
