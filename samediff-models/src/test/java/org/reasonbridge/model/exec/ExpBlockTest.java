package org.reasonbridge.model.exec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * {@link ExpBlock}'s per-thread block: a closed block's memory is the thread's next block's when large enough, never
 * two open blocks' at once, and a second close changes nothing (without that guard the next block's memory is freed).
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
}
