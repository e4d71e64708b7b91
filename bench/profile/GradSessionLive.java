import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.config.SDValue;
import org.nd4j.autodiff.samediff.internal.AbstractSession;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.*;

/**
 * docs/performance.md, "Long traces": which arrays SameDiff 1.0.0-M2.1's gradient session still holds open after
 * {@code calculateGradientsAndOutputs}, on a 2-layer MLP, with its array cache off as {@code Gradients} sets it
 * ({@code -Dcache=true}: on). Measured: every forward activation and every gradient, i.e. nothing is freed after its
 * last use, so a training step's memory is the sum of all its intermediates.
 */
public class GradSessionLive {
    @SuppressWarnings("unchecked")
    public static void main(String[] a) throws Exception {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 8);
        SDVariable w1 = sd.var("w1", Nd4j.rand(DataType.FLOAT, 8, 16));
        SDVariable w2 = sd.var("w2", Nd4j.rand(DataType.FLOAT, 16, 4));
        SDVariable h = sd.math.tanh("h", x.mmul("xw1", w1));
        SDVariable y = h.mmul("hw2", w2);
        sd.setLossVariables(sd.math.square("sq", y).sum("loss"));
        sd.createGradFunction();
        SameDiff grad = sd.getFunction("grad");
        InferenceSession s = grad.getSessions().computeIfAbsent(Thread.currentThread().getId(), id -> new InferenceSession(grad));
        if (s.getMmgr() instanceof ArrayCacheMemoryMgr c) c.setEnableCache(Boolean.getBoolean("cache"));
        Map<String, INDArray> ph = Map.of("x", Nd4j.rand(DataType.FLOAT, 5, 8));
        sd.calculateGradientsAndOutputs(ph, List.of("loss"), List.of("w1", "w2"));
        var f = AbstractSession.class.getDeclaredField("nodeValueOutputs");
        f.setAccessible(true);
        Map<AbstractSession.VarId, SDValue> values = (Map<AbstractSession.VarId, SDValue>) f.get(s);
        List<String> open = new ArrayList<>(), closed = new ArrayList<>();
        for (var e : values.entrySet()) {
            INDArray arr = e.getValue() == null ? null : e.getValue().getTensorValue();
            if (arr != null) (arr.wasClosed() ? closed : open).add(e.getKey().getVariable());
        }
        System.out.println("open after the step:   " + open + "\nclosed after the step: " + closed);
        System.exit(0);
    }
}
