package org.reasonbridge.model.exec;

import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseReduceOp;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.custom.Invoke;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.BaseCompatOp;
import org.nd4j.linalg.api.ops.impl.layers.ExternalErrorsFunction;
import org.nd4j.linalg.api.ops.impl.shape.CreateView;
import org.nd4j.linalg.api.ops.impl.shape.Reshape;
import org.nd4j.linalg.api.ops.impl.shape.tensorops.BaseTensorOp;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Assign;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.GradientBackwardsMarker;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;

/**
 * One op of an {@link ExecutionPlan}: the graph's own op object with a context of its own. It parameterises the
 * op the way SameDiff's InferenceSession does (custom ops from their i/t/b/d args; legacy reductions and scalar
 * ops from an axis or scalar input), but calculates output shapes only when its input signature changes: every
 * input's type and shape, plus the values of small integer vectors, since shape vectors (reshape targets, slice
 * bounds) decide output shapes by value.
 */
final class PlanStep implements Step {
    /** Integer vectors up to this length count by value in the signature (shape vectors are short). */
    private static final int VALUE_LIMIT = 16;

    private final DifferentialFunction op;
    private final boolean custom;
    private final OpContext ctx;
    private final int[] in;
    private final int[] out;
    private final DataType[] outTypes;      // the graph's output types (custom ops' shape functions may differ)
    private final boolean axisInput;        // legacy reduction whose input 1 is the axis
    private final boolean scalarInput;      // legacy scalar op whose input 1 is the scalar
    private final boolean[] direct;         // a matmul's transposes when DirectMatmul may run it, else null
    private final boolean reshape;          // a reshape in C order: a view of a dense input instead of a copy
    private final INDArray[] args;          // this run's inputs, cleared after the op ran
    private long[] signature = new long[0];
    private long[] scratch = new long[16];
    private ArrayPool.Key[] keys;
    private long[] setI;                    // a custom op's i/t/b/d arguments on the context (null: none set yet)
    private double[] setT;
    private boolean[] setB;
    private DataType[] setD;
    private boolean shapesChecked;          // whether OutputShapes was tried against ND4J's own path
    private OutputShapes outputShapes;      // the allocation-free shape function, once it agreed with ND4J's

    private PlanStep(DifferentialFunction op, int[] in, int[] out, DataType[] outTypes) {
        this.op = op;
        this.custom = op instanceof CustomOp;
        this.in = in;
        this.out = out;
        this.outTypes = outTypes;
        this.axisInput = !custom && op instanceof ReduceOp r && r.getOpType() != Op.Type.REDUCE3 && in.length == 2;
        this.scalarInput = !custom && op instanceof ScalarOp && in.length == 2;
        this.direct = in.length == 2 && out.length == 1 ? DirectMatmul.candidate(op) : null;
        this.reshape = op instanceof Reshape r && out.length == 1 && cOrder(r.iArgs());
        this.args = new INDArray[in.length];
        this.ctx = Nd4j.getExecutioner().buildContext();
    }

    static PlanStep of(SameDiff sd, DifferentialFunction op, int[] in, int[] out, List<String> outNames) {
        if (op instanceof BaseCompatOp || op instanceof BaseTensorOp || op instanceof Invoke
                || op instanceof ExternalErrorsFunction || op instanceof GradientBackwardsMarker
                || op instanceof CreateView || op instanceof Assign) {
            throw new UnsupportedOperationException(op.getOwnName() + ": " + op.getClass().getSimpleName()
                    + " is executed specially by SameDiff's session, not by an execution plan");
        }
        if (!(op instanceof CustomOp) && !(op instanceof Op)) {
            throw new UnsupportedOperationException(op.getOwnName() + ": no execution for " + op.getClass().getName());
        }
        DataType[] types = outNames.stream().map(n -> sd.getVariable(n).dataType()).toArray(DataType[]::new);
        return new PlanStep(op, in, out, types);
    }

    @Override
    public int[] inputs() {
        return in;
    }

    @Override
    public int[] outputs() {
        return out;
    }

    /**
     * Runs the op on {@code values} (by slot), putting its outputs there: fresh arrays for the slots that
     * {@code escapes}, pooled ones (recorded in {@code pooled}) for the rest.
     */
    @Override
    public void execute(INDArray[] values, boolean[] escapes, ArrayPool.Key[] pooled, ArrayPool pool) {
        for (int i = 0; i < in.length; i++) {
            args[i] = values[in[i]];
            if (args[i] == null) throw new IllegalStateException(op.getOwnName() + ": input " + i + " is not computed");
        }
        if (op instanceof HostOp host) {
            if (computedInPlace(host, values, escapes, pooled, pool)) return;
            INDArray[] results;
            try {
                results = host.compute(args);
            } finally {
                Arrays.fill(args, null); // the plan keeps no reference to a run's arrays, even after a failure
            }
            for (int j = 0; j < out.length; j++) {
                if (escapes[out[j]]) {
                    values[out[j]] = results[j];
                } else { // into a pooled array, so the intermediate is reused and freed like every other
                    ArrayPool.Key key = new ArrayPool.Key(results[j].dataType(), 'c', results[j].shape(), false);
                    values[out[j]] = pool.take(key).assign(results[j]);
                    pooled[out[j]] = key;
                    if (results[j].closeable()) results[j].close(); // a view (reshaped result) is freed with its base
                }
            }
            return;
        }
        try {
            parameterizeLegacy();
            if (custom) {
                for (int i = 0; i < args.length; i++) ctx.setInputArray(i, args[i]);
            } else if (args.length > 0) {
                ctx.setInputArray(0, args[0]);
                if (args.length == 2 && !axisInput) ctx.setInputArray(1, args[1]);
            }
            if (!sameSignature()) shapes();
            if (reshape && viewed(values, escapes)) return;
            for (int j = 0; j < out.length; j++) {
                INDArray a;
                if (escapes[out[j]]) {
                    a = keys[j].allocate();
                } else {
                    a = pool.take(keys[j]);
                    pooled[out[j]] = keys[j];
                }
                values[out[j]] = a;
                ctx.setOutputArray(j, a);
            }
            if (direct != null && DirectMatmul.tryRun(args[0], args[1], values[out[0]], direct[0], direct[1])) return;
            if (custom) Nd4j.exec((CustomOp) op, ctx);
            else Nd4j.exec((Op) op, ctx);
        } finally {
            // nothing of this run may stay reachable from the plan: the context, the op and our argument list
            ctx.purge();
            op.clearArrays();
            Arrays.fill(args, null);
        }
    }

    /**
     * Runs a host op into output arrays of the plan (pooled, or the caller's for requested outputs) when it offers to:
     * no fresh arrays and no copy into the pooled ones. False, with nothing kept, when it does not.
     */
    private boolean computedInPlace(HostOp host, INDArray[] values, boolean[] escapes, ArrayPool.Key[] pooled, ArrayPool pool) {
        long[][] shapes;
        try {
            shapes = host.outputShapes(args);
        } catch (RuntimeException e) {
            Arrays.fill(args, null);
            throw e;
        }
        if (shapes == null || shapes.length != out.length) return false;
        INDArray[] outputs = new INDArray[out.length];
        ArrayPool.Key[] keys = new ArrayPool.Key[out.length];
        boolean done = false;
        try {
            for (int j = 0; j < out.length; j++) {
                keys[j] = new ArrayPool.Key(args[0].dataType(), 'c', shapes[j], false);
                outputs[j] = escapes[out[j]] ? keys[j].allocate() : pool.take(keys[j]);
            }
            done = host.computeInto(args, outputs);
        } catch (RuntimeException e) {
            Arrays.fill(args, null); // the plan keeps no reference to a run's arrays, even after a failure
            throw e;
        } finally {
            for (int j = 0; j < out.length; j++) {
                if (outputs[j] == null) continue;
                if (done) {
                    values[out[j]] = outputs[j];
                    if (!escapes[out[j]]) pooled[out[j]] = keys[j];
                } else if (escapes[out[j]]) {
                    outputs[j].close();
                } else {
                    pool.give(keys[j], outputs[j]);
                }
            }
            if (done) Arrays.fill(args, null);
        }
        return done;
    }

    /** Whether a reshape's integer arguments may leave its order C: anything but libnd4j's code for 'f' first. */
    private static boolean cOrder(long[] iArgs) {
        return iArgs.length == 0 || (iArgs[0] != -102 && iArgs[0] != 102);
    }

    /**
     * A reshape of a dense C-order input as a view of it: the same floats without the copy and its pooled array
     * (≈ 50 reshapes a prefill of {@code small}, 90 a training step; ND4J's view still allocates its shape, so the
     * step takes about as long, and what is saved is the copied memory). Not for a requested output, which the
     * caller owns. The plan keeps the input's buffer from the pool until the view's last reader has run
     * ({@link ExecutionPlan}: an output that shares an input's buffer is an alias of it).
     */
    private boolean viewed(INDArray[] values, boolean[] escapes) {
        INDArray x = args[0];
        ArrayPool.Key k = keys[0];
        if (escapes[out[0]] || x.ordering() != 'c' || !NativeAddress.dense(x) || x.isEmpty() || k.type != x.dataType()
                || k.order != 'c' || k.bytes != x.length() * (long) x.dataType().width()) {
            return false;
        }
        INDArray view = x.reshape('c', k.shape);
        if (view.data().address() != x.data().address()) { // a copy after all: the op's own output, pooled, is as cheap
            if (view.closeable()) view.close();
            return false;
        }
        values[out[0]] = view;
        return true;
    }

    /** Legacy ops take an axis or a scalar from their second input through fields, as InferenceSession sets them. */
    private void parameterizeLegacy() {
        if (axisInput) {
            INDArray axis = args[1];
            if (axis.isEmpty()) {
                throw new UnsupportedOperationException(op.getOwnName() + ": reduction over an empty axis list");
            }
            op.setDimensions(Shape.normalizeAxis(args[0].rank(), axis.toIntVector()));
            ((BaseReduceOp) op).setEmptyReduce(false);
        } else if (scalarInput) {
            if (!args[1].isScalar()) throw new IllegalStateException(op.getOwnName() + ": scalar input is not a scalar");
            ((ScalarOp) op).setScalar(args[1]);
        }
    }

    private boolean sameSignature() {
        int n = 0;
        for (INDArray a : args) {
            int rank = a.rank();
            boolean byValue = rank <= 1 && a.dataType().isIntType() && a.length() <= VALUE_LIMIT;
            int need = n + 3 + rank + (byValue ? (int) a.length() : 0);
            if (need > scratch.length) scratch = Arrays.copyOf(scratch, Math.max(need, 2 * scratch.length));
            scratch[n++] = a.dataType().ordinal();
            scratch[n++] = a.isEmpty() ? -rank - 1 : rank;
            for (int d = 0; d < rank; d++) scratch[n++] = a.size(d);
            scratch[n++] = a.ordering();
            if (byValue) for (long k = 0; k < a.length(); k++) scratch[n++] = a.getLong(k);
        }
        if (keys != null && Arrays.equals(scratch, 0, n, signature, 0, signature.length)) return true;
        signature = Arrays.copyOf(scratch, n);
        return false;
    }

    /** Output shapes for the current signature (a custom op's arguments go on the context first when they changed). */
    private void shapes() {
        if (custom) setArguments((DynamicCustomOp) op);
        List<LongShapeDescriptor> shapes = outputShapes != null ? outputShapes.calculate(args)
                : op.calculateOutputShape(ctx);
        if (custom && !shapesChecked) outputShapes = checked(shapes);
        if (shapes == null || shapes.size() != out.length) {
            throw new IllegalStateException(op.getOwnName() + ": shape function gave " + shapes + " for " + out.length
                    + " outputs");
        }
        ArrayPool.Key[] k = new ArrayPool.Key[out.length];
        for (int j = 0; j < out.length; j++) {
            LongShapeDescriptor d = shapes.get(j);
            if (custom && d.dataType() != outTypes[j]) d = d.asDataType(outTypes[j]); // as InferenceSession does
            k[j] = new ArrayPool.Key(d);
        }
        keys = k;
    }

    /**
     * Puts a custom op's arguments on the context unless those there are the same (they are fixed when the graph is
     * built, and each setter allocates native memory); new ones also need a new {@link OutputShapes}. ND4J's setters
     * ignore an empty list, so a list that became empty would leave the old one on the context, as it always did.
     */
    private void setArguments(DynamicCustomOp c) {
        long[] i = c.iArgs();
        double[] t = c.tArgs();
        boolean[] b = c.bArgs();
        DataType[] d = c.dArgs();
        if (setI != null && Arrays.equals(i, setI) && Arrays.equals(t, setT) && Arrays.equals(b, setB)
                && Arrays.equals(d, setD)) {
            return;
        }
        ctx.setIArguments(i);
        ctx.setTArguments(t);
        ctx.setBArguments(b);
        ctx.setDArguments(d);
        setI = i;
        setT = t;
        setB = b;
        setD = d;
        if (outputShapes != null) outputShapes.close();
        outputShapes = null;
        shapesChecked = false;
    }

    /** {@link OutputShapes} for this op if it gives {@code expected} (ND4J's shapes for these inputs); else null. */
    private OutputShapes checked(List<LongShapeDescriptor> expected) {
        shapesChecked = true;
        OutputShapes f = OutputShapes.of((DynamicCustomOp) op, args.length);
        if (f == null) return null;
        boolean same = false;
        try {
            same = expected != null && expected.equals(f.calculate(args));
        } catch (RuntimeException e) { // ND4J's path worked, so this one is not the same path
            same = false;
        } finally {
            if (!same) f.close();
        }
        return same ? f : null;
    }

    @Override
    public void close() {
        if (outputShapes != null) outputShapes.close();
        try {
            ctx.close();
        } catch (Exception e) {
            throw new IllegalStateException(op.getOwnName() + ": closing its op context failed", e);
        }
    }

    @Override
    public String toString() {
        return op.getOwnName() + " (" + op.opName() + ")";
    }
}
