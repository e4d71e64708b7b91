package org.reasonbridge.model.exec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * {@link ExpBlock}'s per-thread block: a closed block's memory is the thread's next block's when large enough, never
 * two open blocks' at once, and a second close changes nothing (without that guard the next block's memory is freed);
 * and its {@code exp}, run over a length rounded up to {@link ExpBlock#GRAIN}, gives the kernel's floats for exactly
 * the values asked and leaves the rest of the caller's array alone.
 */
class ExpBlockTest {

    @Test
    void aClosedBlockIsReusedOnceAndNeverShared() {
        long first;
        try (ExpBlock a = new ExpBlock(2 * ExpBlock.NATIVE_EXP)) {
            first = a.pointer().address();
        }
        ExpBlock b = new ExpBlock(500);
        assertEquals(first, b.pointer().address(), "the kept block serves a smaller one");
        b.close();
        b.close(); // a second close must not hand the block out twice
        try (ExpBlock c = new ExpBlock(ExpBlock.NATIVE_EXP); ExpBlock d = new ExpBlock(ExpBlock.NATIVE_EXP)) {
            assertNotEquals(c.pointer().address(), d.pointer().address(), "two open blocks share memory");
            float[] v = new float[ExpBlock.NATIVE_EXP]; // through the native kernel: the block must still be alive
            c.exp(v, v.length);
            assertEquals(1f, v[v.length - 1], 0f);
        }
    }

    @ParameterizedTest(name = "{0} values")
    @ValueSource(ints = {ExpBlock.NATIVE_EXP, ExpBlock.NATIVE_EXP + 1, 5000, 5 * ExpBlock.GRAIN - 1, 9000})
    void theKernelsFloatsForTheValuesAskedOnly(int count) {
        Random random = new Random(count);
        float[] values = new float[count + 7], stale = new float[9000];
        for (int i = 0; i < values.length; i++) values[i] = (float) (random.nextGaussian() * 30);
        for (int i = 0; i < stale.length; i++) stale[i] = 100 + i; // past count, the block holds larger values
        float[] expected = values.clone();
        try (INDArray exact = Nd4j.createFromArray(java.util.Arrays.copyOf(values, count)).castTo(DataType.FLOAT)) {
            float[] e = Transforms.exp(exact, false).toFloatVector();
            System.arraycopy(e, 0, expected, 0, count);
        }
        try (ExpBlock block = new ExpBlock(9000)) {
            block.exp(stale, stale.length);
            block.exp(values, count);
        }
        assertArrayEquals(expected, values, 0f);
    }
}
