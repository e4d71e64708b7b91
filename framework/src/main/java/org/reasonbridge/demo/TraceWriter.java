package org.reasonbridge.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a {@link Solution} as the teacher's thinking: the plan in a {@code <strategic>} block, each step's set-up
 * in a {@code <tactical>} block and its work in an {@code <operational>} block (one line each), then a check and
 * "So the answer is ..." in a last {@code <operational>} block. The edits (a recheck, a corrected slip, the
 * flaws) change the lines before they are rendered.
 */
final class TraceWriter {
    /** A calculation line: {@code a op b = c}, then the rest of the line. */
    private static final Pattern CALCULATION = Pattern.compile("^(\\d+) ([-+*/]) (\\d+) = (\\d+)(.*)$");

    private record Block(String level, List<String> lines) {
    }

    private final List<Block> blocks = new ArrayList<>();
    private final String answer;

    /** The plain rendering of {@code s}. */
    TraceWriter(Solution s) {
        blocks.add(new Block("strategic", new ArrayList<>(List.of(s.plan()))));
        for (Solution.Step step : s.steps()) {
            blocks.add(new Block("tactical", new ArrayList<>(List.of(step.setup()))));
            blocks.add(new Block("operational", new ArrayList<>(step.work())));
        }
        blocks.add(new Block("operational", new ArrayList<>(List.of("Check: " + s.check(), "So the answer is " + s.answer() + "."))));
        this.answer = s.answer();
    }

    /** The thinking as text, tagged or not. */
    String render(boolean tagged) {
        StringBuilder sb = new StringBuilder();
        for (Block b : blocks) {
            if (tagged) sb.append('<').append(b.level).append(">\n");
            for (String line : b.lines) sb.append(line).append('\n');
            if (tagged) sb.append("</").append(b.level).append(">\n");
        }
        return sb.toString().strip();
    }

    // ---- edits: each picks its line with r

    /** After one work line, "Wait, let me recheck: " and the line again. */
    void recheck(SplittableRandom r) {
        int[] at = pickWork(r, false);
        if (at == null) return;
        List<String> lines = blocks.get(at[0]).lines;
        lines.add(at[1] + 1, "Wait, let me recheck: " + lines.get(at[1]) + " It holds.");
    }

    /** One calculation written one off, then caught at once: "Wait, that is wrong: " and the right line. */
    boolean slip(SplittableRandom r) {
        return miswrite(r, true);
    }

    /** One calculation written one off and never corrected; the rest of the work uses the right value. */
    boolean slipUncorrected(SplittableRandom r) {
        return miswrite(r, false);
    }

    /** A random calculation's result written one off; false when the work has no calculation. */
    private boolean miswrite(SplittableRandom r, boolean corrected) {
        int[] at = pickWork(r, true);
        if (at == null) return false;
        List<String> lines = blocks.get(at[0]).lines;
        String right = lines.get(at[1]);
        Matcher m = CALCULATION.matcher(right);
        if (!m.matches()) throw new IllegalStateException("not a calculation: " + right);
        String claim = m.group(1) + " " + m.group(2) + " " + m.group(3) + " = ";
        if (corrected) {
            lines.set(at[1], claim + (Long.parseLong(m.group(4)) + (r.nextBoolean() ? 1 : -1)) + ".");
            lines.add(at[1] + 1, "Wait, that is wrong: " + right);
        } else {
            lines.set(at[1], claim + (Long.parseLong(m.group(4)) + 1) + m.group(5));
        }
        return true;
    }

    /** A hasty answer {@code wrong} stated right after the plan, and the real one boxed at the end. */
    void prematureAnswer(String wrong) {
        blocks.get(0).lines.add("So the answer is \\boxed{" + wrong + "}.");
        List<String> last = blocks.get(blocks.size() - 1).lines;
        last.set(last.size() - 1, "So the answer is \\boxed{" + answer + "}.");
    }

    /** One work line repeated back to back, "Again: ...", until it covers more than forty words. */
    void loop(SplittableRandom r) {
        int[] at = pickWork(r, false);
        List<String> lines = blocks.get(at[0]).lines;
        String again = "Again: " + lines.get(at[1]);
        int words = again.split("\\s+").length;
        int times = Math.max(5, 48 / words + 1);
        for (int i = 0; i < times; i++) lines.add(at[1] + 1, again);
    }

    /** Whether a work line is a calculation {@link #slip} can change. */
    boolean hasCalculation() {
        for (int b = 1; b < blocks.size() - 1; b++) {
            if (!blocks.get(b).level.equals("operational")) continue;
            for (String line : blocks.get(b).lines) if (CALCULATION.matcher(line).matches()) return true;
        }
        return false;
    }

    /** A random work line ({@code {block, line}}), a calculation when {@code calculation}; null if there is none. */
    private int[] pickWork(SplittableRandom r, boolean calculation) {
        List<int[]> found = new ArrayList<>();
        for (int b = 1; b < blocks.size() - 1; b++) {
            if (!blocks.get(b).level.equals("operational")) continue;
            List<String> lines = blocks.get(b).lines;
            for (int i = 0; i < lines.size(); i++) {
                if (!calculation || CALCULATION.matcher(lines.get(i)).matches()) found.add(new int[]{b, i});
            }
        }
        return found.isEmpty() ? null : found.get(r.nextInt(found.size()));
    }

    /** {@code text} cut after a share in {@code [0.4, 0.8)} of its words, never on a word that ends a sentence. */
    static String truncate(String text, SplittableRandom r) {
        String[] words = text.split("(?<=\\s)");
        int keep = Math.max(1, (int) (words.length * (0.4 + 0.4 * r.nextDouble())));
        while (keep > 1 && words[keep - 1].strip().matches(".*[.?!>:]$")) keep--;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < keep; i++) sb.append(words[i]);
        return sb.toString().strip();
    }
}
