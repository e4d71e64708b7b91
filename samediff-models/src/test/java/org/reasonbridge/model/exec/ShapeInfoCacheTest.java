package org.reasonbridge.model.exec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.api.shape.options.ArrayOptionsHelper;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ShapeInfoCache}: arrays of one shape share one shape buffer once it is installed, arrays that differ in any
 * part of their shape information do not, and the buffers hold what ND4J's own provider builds. One case pins the
 * ND4J defect it works around and fails once upstream caches the constructors' overload itself.
 */
class ShapeInfoCacheTest {

    @Test
    void upstreamStillLeavesTheConstructorsOverloadUncached() throws Exception {
        Class<?> cpu = Class.forName(ShapeInfoCache.CPU_PROVIDER);
        assertThrows(NoSuchMethodException.class, () -> cpu.getDeclaredMethod("createShapeInformation", long[].class,
                        long[].class, long.class, char.class, DataType.class, boolean.class),
                "ND4J's CPU provider now caches the overload array constructors call: ShapeInfoCache can go");
    }

    @Test
    void installedOnceAndArraysOfOneShapeShareTheirBuffer() {
        ShapeInfoCache.install();
        ShapeInfoCache.install();
        assertInstanceOf(ShapeInfoCache.class, Nd4j.getShapeInfoProvider());
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, 3, 77, 5), b = Nd4j.create(DataType.FLOAT, 3, 77, 5);
        assertSame(a.shapeInfoDataBuffer(), b.shapeInfoDataBuffer());
        assertArrayEquals(new long[]{3, 77, 5}, b.shape());
        INDArray view = Nd4j.create(DataType.FLOAT, 2, 3, 385).reshape('c', 6, 385);
        assertSame(view.shapeInfoDataBuffer(), Nd4j.create(DataType.FLOAT, 6, 385).shapeInfoDataBuffer());
    }

    /** Each row: two arrays that differ in one part of their shape information, made through the cache. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"type", "shape", "order", "empty", "stride"})
    void arraysThatDifferDoNotShare(String part) {
        ShapeInfoCache.install();
        INDArray base = Nd4j.create(DataType.FLOAT, 4, 6);
        INDArray other = switch (part) {
            case "type" -> Nd4j.create(DataType.DOUBLE, 4, 6);
            case "shape" -> Nd4j.create(DataType.FLOAT, 6, 4);
            case "order" -> Nd4j.create(DataType.FLOAT, new long[]{4, 6}, 'f');
            case "empty" -> Nd4j.create(DataType.FLOAT, 4, 0);
            case "stride" -> Nd4j.create(DataType.FLOAT, 4, 12).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 6));
            default -> throw new IllegalArgumentException(part);
        };
        assertNotSame(base.shapeInfoDataBuffer(), other.shapeInfoDataBuffer());
        assertTrue(!Arrays.equals(base.shapeInfoDataBuffer().asLong(), other.shapeInfoDataBuffer().asLong()),
                part + " is part of the shape buffer");
    }

    /** The cache hands out what ND4J builds uncached, for each overload; later changes to the caller's arrays miss it. */
    @Test
    void sameBuffersAsUncachedAndKeysOwnTheirArrays() {
        ShapeInfoCache cache = new ShapeInfoCache();
        long[] shape = {2, 9, 4}, stride = {36, 4, 1};
        long[] built = cache.createShapeInformation(shape, stride, 1, 'c', DataType.HALF, false).getFirst().asLong();
        assertArrayEquals(Shape.createShapeInformation(shape, stride, 1, 'c', DataType.HALF, false).asLong(), built);
        long extras = ArrayOptionsHelper.setOptionBit(0L, DataType.INT);
        assertArrayEquals(Shape.createShapeInformation(shape, stride, 1, 'c', extras).asLong(),
                cache.createShapeInformation(shape, stride, 1, 'c', extras).getFirst().asLong());
        shape[1] = 10;
        stride[0] = 40;
        long[] again = cache.createShapeInformation(shape, stride, 1, 'c', DataType.HALF, false).getFirst().asLong();
        assertEquals(10, again[2], "a new key for the changed shape, not the entry made before the change");
        assertEquals(3, cache.size());
    }

    @Test
    void startsOverWhenFull() {
        ShapeInfoCache cache = new ShapeInfoCache();
        for (int i = 1; i <= ShapeInfoCache.MAX_ENTRIES; i++) {
            cache.createShapeInformation(new long[]{i}, new long[]{1}, 1, 'c', DataType.FLOAT, false);
        }
        assertEquals(ShapeInfoCache.MAX_ENTRIES, cache.size());
        cache.createShapeInformation(new long[]{0}, new long[]{1}, 1, 'c', DataType.FLOAT, false);
        assertEquals(1, cache.size());
    }
}
