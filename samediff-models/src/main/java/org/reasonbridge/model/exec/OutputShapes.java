package org.reasonbridge.model.exec;

import org.bytedeco.javacpp.BooleanPointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.api.shape.options.ArrayOptionsHelper;
import org.nd4j.linalg.api.shape.options.ArrayType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.nd4j.nativeblas.OpaqueShapeList;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * A custom op's output shapes from libnd4j's shape function, as ND4J's CPU executioner asks for them
 * ({@code NativeOpExecutioner.calculateOutputShape}), with the native argument arrays allocated once per plan step
 * instead of on every call. ND4J M2.1 allocates up to six JavaCPP pointers a call (two pointer arrays, and one for
 * each kind of argument the op has: i/t/b/d), and each JavaCPP allocation reads {@code /proc/self/statm} for the
 * launcher's {@code maxphysicalbytes} check: ≈ 30 µs a call. A step asks again whenever its inputs' shapes change, so
 * a prefill after a decode step (or of a new prompt length) paid it for every step, ≈ 7 ms of the {@code small}
 * preset's 32-token prefill (docs/performance.md, "Output shapes without allocations"). The shapes are the same
 * native function's, so nothing computed changes.
 *
 * <p>{@link #of} offers this only on the CPU backend, for ops that take ND4J's own path ({@code DynamicCustomOp}'s
 * {@code calculateOutputShape(OpContext)} not overridden, no preset output shapes); {@link PlanStep} uses it only
 * after it gave the same shapes as ND4J on the step's first inputs, and makes a new one if the op's arguments change.
 * {@code OutputShapesTest} pins the upstream allocations and fails once ND4J stops making them.
 */
final class OutputShapes implements AutoCloseable {
    /** The CPU backend's executioner, whose shape path this reproduces. */
    static final String CPU_EXECUTIONER = "org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner";
    private static final Field PRESET = presetField();

    private final DynamicCustomOp op;
    private final long hash;
    private final NativeOps nativeOps;
    private final int inputs;
    private final PointerPointer<Pointer> buffers;
    private final PointerPointer<Pointer> shapeInfos;
    private final long[] iArgs;
    private final double[] tArgs;
    private final boolean[] bArgs;
    private final DataType[] dArgs;
    private final LongPointer iPointer;
    private final DoublePointer tPointer;
    private final BooleanPointer bPointer;
    private final IntPointer dPointer;

    private OutputShapes(DynamicCustomOp op, int inputs) {
        this.op = op;
        this.hash = op.opHash();
        this.nativeOps = NativeOpsHolder.getInstance().getDeviceNativeOps();
        this.inputs = inputs;
        this.buffers = new PointerPointer<>(inputs);
        this.shapeInfos = new PointerPointer<>(inputs);
        this.iArgs = op.iArgs();
        this.tArgs = op.tArgs();
        this.bArgs = op.bArgs();
        this.dArgs = op.dArgs();
        this.iPointer = iArgs.length > 0 ? new LongPointer(iArgs) : null;
        this.tPointer = tArgs.length > 0 ? new DoublePointer(tArgs) : null;
        this.bPointer = bArgs.length > 0 ? new BooleanPointer(bArgs.length) : null;
        for (int i = 0; i < bArgs.length; i++) bPointer.put(i, bArgs[i]);
        this.dPointer = dArgs.length > 0 ? new IntPointer(dArgs.length) : null;
        for (int i = 0; i < dArgs.length; i++) dPointer.put(i, dArgs[i].toInt());
    }

    /** The reusable shape function of {@code op} with {@code inputs} inputs, or null where ND4J's path differs. */
    static OutputShapes of(DynamicCustomOp op, int inputs) {
        if (inputs == 0 || PRESET == null || !CPU_EXECUTIONER.equals(Nd4j.getExecutioner().getClass().getName())) {
            return null;
        }
        try {
            if (op.getClass().getMethod("calculateOutputShape", OpContext.class).getDeclaringClass()
                    != DynamicCustomOp.class) {
                return null; // the op computes its shapes itself
            }
            List<?> preset = (List<?>) PRESET.get(op);
            if (preset != null && !preset.isEmpty()) return null;
        } catch (ReflectiveOperationException e) {
            return null;
        }
        return new OutputShapes(op, inputs);
    }

    /** The output shapes for {@code inputs} (the op's inputs in order), as ND4J's CPU executioner computes them. */
    List<LongShapeDescriptor> calculate(INDArray[] inputs) {
        if (inputs.length != this.inputs) { // the native arrays hold exactly this many (JavaCPP does not check)
            throw new IllegalArgumentException(op.getOwnName() + ": " + inputs.length + " inputs, made for "
                    + this.inputs);
        }
        for (int i = 0; i < inputs.length; i++) {
            // an empty input has no buffer: NULL here (ND4J leaves the slot of its fresh array unset)
            buffers.put(i, inputs[i].isEmpty() ? null : inputs[i].data().addressPointer());
            shapeInfos.put(i, inputs[i].shapeInfoDataBuffer().addressPointer());
        }
        OpaqueShapeList list = nativeOps.calculateOutputShapes2(null, hash, buffers, shapeInfos, inputs.length,
                tPointer, tArgs.length, iPointer, iArgs.length, bPointer, bArgs.length, dPointer, dArgs.length);
        if (nativeOps.lastErrorCode() != 0 || list == null) {
            String why = nativeOps.lastErrorCode() != 0 ? nativeOps.lastErrorMessage() : "no shape list";
            StringBuilder shapes = new StringBuilder();
            for (INDArray in : inputs) {
                shapes.append(shapes.length() == 0 ? "" : ", ").append(Shape.shapeToStringShort(in));
            }
            throw new IllegalStateException(op.getOwnName() + " (" + op.opName() + "): output shapes of inputs ["
                    + shapes + "] failed: " + why);
        }
        try {
            long n = nativeOps.getShapeListSize(list);
            List<LongShapeDescriptor> shapes = new ArrayList<>((int) n);
            for (long e = 0; e < n; e++) shapes.add(descriptor(nativeOps.getShape(list, e)));
            return shapes;
        } finally {
            nativeOps.deleteShapeList(list);
        }
    }

    /** ND4J's {@code getShapeFromPointer}: the descriptor of a native shape-information buffer. */
    private static LongShapeDescriptor descriptor(LongPointer p) {
        int rank = (int) p.get(0);
        long[] info = new long[2 * rank + 4];
        for (int i = 0; i < info.length; i++) info[i] = p.get(i);
        return LongShapeDescriptor.fromShape(Shape.shape(info), Shape.stride(info), Shape.elementWiseStride(info),
                Shape.order(info), ArrayOptionsHelper.dataType(info),
                ArrayOptionsHelper.arrayType(info) == ArrayType.EMPTY);
    }

    private static Field presetField() {
        try {
            Field f = DynamicCustomOp.class.getDeclaredField("outputShapes");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // another ND4J: every op keeps ND4J's own path
        }
    }

    @Override
    public void close() {
        buffers.close();
        shapeInfos.close();
        for (Pointer p : new Pointer[]{iPointer, tPointer, bPointer, dPointer}) if (p != null) p.close();
    }
}
