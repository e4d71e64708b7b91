import org.reasonbridge.model.Model;
import org.reasonbridge.model.transformer.Decoder;
import org.reasonbridge.model.transformer.KvCache;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Batched, left-padded decoding as eval --batch-size B runs it: B prompts of different lengths (up to PROMPT), then
 * STEPS decode steps of B tokens. Prints the main thread's CPU per step and the process's user and system CPU
 * (/proc/self/stat), whose system part is what copying the KV cache into fresh arrays every step cost
 * (docs/performance.md). Usage: bench/profile/run.sh BatchDecode MODEL_DIR [batch 16] [prompt 64] [steps 128] [rounds 3]
 */
public class BatchDecode {
    public static void main(String[] a) throws Exception {
        Path model = Path.of(a[0]);
        int batch = a.length > 1 ? Integer.parseInt(a[1]) : 16, prompt = a.length > 2 ? Integer.parseInt(a[2]) : 64;
        int steps = a.length > 3 ? Integer.parseInt(a[3]) : 128, rounds = a.length > 4 ? Integer.parseInt(a[4]) : 3;
        Model m = Model.load(model);
        Decoder d = m.decoder();
        int vocab = m.config().vocabSize();
        SplittableRandom r = new SplittableRandom(0);
        int[][] prompts = new int[batch][prompt];
        for (int b = 0; b < batch; b++) {
            int len = prompt - (b * prompt / (2 * batch)); // rows down to half the width: left padding
            Arrays.fill(prompts[b], Decoder.PAD);
            for (int i = prompt - len; i < prompt; i++) prompts[b][i] = r.nextInt(vocab - 3);
        }
        ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
        for (int round = 0; round <= rounds; round++) { // round 0 warms up
            long c0 = tmx.getCurrentThreadCpuTime();
            long[] p0 = procTicks();
            KvCache cache = d.newCache(batch);
            d.forward(cache, prompts, Decoder.Rows.LAST);
            int[][] next = new int[batch][1];
            for (int s = 0; s < steps; s++) {
                for (int b = 0; b < batch; b++) next[b][0] = (s * 7919 + b * 31) % (vocab - 3);
                d.forward(cache, next, Decoder.Rows.LAST);
            }
            long[] p1 = procTicks();
            double main = (tmx.getCurrentThreadCpuTime() - c0) / 1e6, hz = 100.0;
            System.out.printf("%s batch %d, prompt %d, %d steps: main thread %.1f ms/step; process user %.1f, system %.1f ms/step%n",
                    round == 0 ? "warm-up" : "round " + round, batch, prompt, steps, main / steps,
                    (p1[0] - p0[0]) * 1000 / hz / steps, (p1[1] - p0[1]) * 1000 / hz / steps);
        }
        m.close();
    }

    /** utime and stime of this process in clock ticks (fields 14 and 15 of /proc/self/stat). */
    private static long[] procTicks() throws Exception {
        String s = Files.readString(Path.of("/proc/self/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return new long[]{Long.parseLong(f[11]), Long.parseLong(f[12])};
    }
}
