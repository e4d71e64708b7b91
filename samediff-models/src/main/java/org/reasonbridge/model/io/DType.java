package org.reasonbridge.model.io;

import java.util.Optional;

/**
 * Safetensors element types, by their header names, with their sizes in bytes. Only the floating
 * types {@link #F32}, {@link #F16}, {@link #BF16} and {@link #F64} can be read as FP32; the others are
 * recognised (so a file holding them still validates) but refused by the float readers.
 */
public enum DType {
    F64(8, true),
    F32(4, true),
    F16(2, true),
    BF16(2, true),
    // fp8 is recognised only: widening it needs per-tensor scales the file format does not carry
    F8_E4M3(1, false),
    F8_E5M2(1, false),
    I64(8, false),
    I32(4, false),
    I16(2, false),
    I8(1, false),
    U64(8, false),
    U32(4, false),
    U16(2, false),
    U8(1, false),
    BOOL(1, false);

    private final int byteSize;
    private final boolean readableAsFloat;

    DType(int byteSize, boolean readableAsFloat) {
        this.byteSize = byteSize;
        this.readableAsFloat = readableAsFloat;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether {@code readFloat} converts this type to FP32. */
    public boolean readableAsFloat() {
        return readableAsFloat;
    }

    /** Whether {@link SafetensorsWriter} can store FP32 data as this type. */
    public boolean writable() {
        return this == F32 || this == F16 || this == BF16;
    }

    /** The type with this header name ({@code "BF16"}), if it is one we know. */
    public static Optional<DType> fromHeaderName(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
