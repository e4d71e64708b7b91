package org.reasonbridge.model.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where one tensor lives: its name, element type, shape, file, absolute byte offset in that file
 * and byte length. Validated on construction (non-negative dims, length = numel x element size).
 */
public record TensorInfo(String name, DType dtype, long[] shape, Path file, long offset, long byteLength) {

    public TensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(file, "file");
        shape = Objects.requireNonNull(shape, "shape").clone();
        if (offset < 0) {
            throw new IllegalArgumentException(name + ": negative offset " + offset);
        }
        long expected = Math.multiplyExact(numel(shape), dtype.byteSize());
        if (byteLength != expected) {
            throw new IllegalArgumentException(name + ": byte length " + byteLength + " != numel x "
                    + dtype.byteSize() + " = " + expected);
        }
    }

    /** A copy of the shape; {@code []} is a scalar. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements: the product of the dims (1 for a scalar). */
    public long numel() {
        return numel(shape);
    }

    public int rank() {
        return shape.length;
    }

    /** Product of dims; throws {@link ArithmeticException} on overflow, IAE on a negative dim. */
    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension " + d + " in " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && dtype == t.dtype
                && Arrays.equals(shape, t.shape) && file.equals(t.file) && offset == t.offset
                && byteLength == t.byteLength;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), file, offset, byteLength);
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape) + " @" + offset + "+" + byteLength + " in " + file;
    }
}
