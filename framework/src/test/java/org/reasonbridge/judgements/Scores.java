package org.reasonbridge.judgements;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A judge's agreement with a labelled set: one confusion matrix over everything and one per split (see the set's
 * README: {@code tune}, {@code test}, {@code holdout1} to {@code holdout4}), and the items it got wrong.
 */
final class Scores {
    final Confusion all;
    final Map<String, Confusion> bySplit = new LinkedHashMap<>();
    final List<String> misses = new ArrayList<>();
    private final List<String> labels;

    Scores(List<String> labels) {
        this.labels = labels;
        this.all = new Confusion(labels);
        for (String split : List.of("tune", "test", "holdout1", "holdout2", "holdout3", "holdout4")) bySplit.put(split, new Confusion(labels));
    }

    void add(String split, String id, String gold, String predicted, String why) {
        all.add(gold, predicted);
        bySplit.computeIfAbsent(split, s -> new Confusion(labels)).add(gold, predicted);
        if (!gold.equals(predicted)) misses.add(split + " " + id + " gold " + gold + ", got " + predicted + ": " + why);
    }

    /** The tables the set's README quotes; with {@code -Djudgements.misses=SPLIT}, what went wrong on that split. */
    void print(String title) {
        System.out.println(title + "\n");
        System.out.println(all.scores("all"));
        bySplit.forEach((split, c) -> {
            if (c.total() > 0) System.out.println(c.scores(split));
        });
        System.out.println(all.matrix("all"));
        System.out.println("exact, all: " + all.exact());
        bySplit.forEach((split, c) -> {
            if (c.total() > 0) System.out.println("exact, " + split + ": " + c.exact());
        });
        // only ever list the misses of a split the rules may be tuned on (tune), never of one reported as held out
        String split = System.getProperty("judgements.misses", "");
        if (!split.isEmpty()) misses.stream().filter(m -> m.startsWith(split + " ")).forEach(System.out::println);
    }

    /** Fails when a class's precision or recall over everything, or a split's macro-F1, falls below its floor. */
    void holdFloors(Map<String, double[]> perClass, Map<String, Double> macroF1) {
        perClass.forEach((label, floor) -> {
            assertTrue(all.precision(label) >= floor[0], label + " precision " + all.precision(label) + " < " + floor[0]);
            assertTrue(all.recall(label) >= floor[1], label + " recall " + all.recall(label) + " < " + floor[1]);
        });
        macroF1.forEach((split, floor) -> {
            Confusion c = split.equals("all") ? all : bySplit.get(split);
            assertTrue(c.macroF1() >= floor, split + " macro-F1 " + c.macroF1() + " < " + floor);
        });
    }
}
