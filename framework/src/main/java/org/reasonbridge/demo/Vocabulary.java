package org.reasonbridge.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The world's few words that vary: sixteen people and sixteen countable things. Small on purpose (a tiny tokenizer
 * learns them all) and chosen so that none is a keyword of another domain's classifier rules, no two names are
 * anagrams (the grader compares words as products of letters), and no name is a single letter.
 */
final class Vocabulary {
    static final List<String> NAMES = List.of("Ann", "Ben", "Cara", "Dev", "Eva", "Finn", "Gia", "Hugo", "Ivy", "Jon",
            "Kim", "Leo", "Mia", "Noah", "Omar", "Pia");

    /** A countable thing, in the singular and the plural. */
    record Thing(String one, String many) {
    }

    static final List<Thing> THINGS = List.of(new Thing("pen", "pens"), new Thing("book", "books"),
            new Thing("cup", "cups"), new Thing("hat", "hats"), new Thing("kite", "kites"), new Thing("map", "maps"),
            new Thing("lamp", "lamps"), new Thing("bag", "bags"), new Thing("ball", "balls"), new Thing("sock", "socks"),
            new Thing("mug", "mugs"), new Thing("doll", "dolls"), new Thing("plate", "plates"),
            new Thing("shirt", "shirts"), new Thing("box", "boxes"), new Thing("candle", "candles"));

    /** A name or a plural thing, as a regular expression group. */
    static final String NAME = "(" + String.join("|", NAMES) + ")";
    static final String MANY = "(" + String.join("|", THINGS.stream().map(Thing::many).toList()) + ")";
    static final String ONE = "(" + String.join("|", THINGS.stream().map(Thing::one).toList()) + ")";

    private Vocabulary() {
    }

    /** A uniform integer in {@code [lo, hi]}. */
    static int between(SplittableRandom r, int lo, int hi) {
        return lo + r.nextInt(hi - lo + 1);
    }

    static String name(SplittableRandom r) {
        return NAMES.get(r.nextInt(NAMES.size()));
    }

    /** {@code n} different names, in a random order. */
    static List<String> names(SplittableRandom r, int n) {
        return distinct(r, NAMES, n);
    }

    /** {@code n} different members of {@code from}, in a random order. */
    private static <T> List<T> distinct(SplittableRandom r, List<T> from, int n) {
        List<T> pool = new ArrayList<>(from);
        List<T> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(pool.remove(r.nextInt(pool.size())));
        return out;
    }

    /** A name other than {@code not}. */
    static String other(SplittableRandom r, String not) {
        String n;
        do {
            n = name(r);
        } while (n.equals(not));
        return n;
    }

    static Thing thing(SplittableRandom r) {
        return THINGS.get(r.nextInt(THINGS.size()));
    }

    /** {@code n} different things. */
    static List<Thing> things(SplittableRandom r, int n) {
        return distinct(r, THINGS, n);
    }

    static Thing thingNamed(String many) {
        return THINGS.stream().filter(t -> t.many().equals(many) || t.one().equals(many)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a thing of the world: " + many));
    }

    /** "Ann", "Ann and Ben", "Ann, Ben and Cara". */
    static String list(List<String> names) {
        if (names.size() == 1) return names.get(0);
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** The inverse of {@link #list}. */
    static List<String> unlist(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split(",| and ")) {
            if (!part.isBlank()) out.add(part.strip());
        }
        return out;
    }
}
