package org.reasonbridge.demo;

/**
 * The seed and sizes of a mini world. The three pool sources hold {@code textbook}, {@code contest} and
 * {@code forum} distinct problems; on top of those the contest repeats {@code crossCopies} textbook problems word
 * for word, the forum reposts {@code reposts} of them with other spacing (exact duplicates once normalised) and
 * {@code nearReposts} with a few words added (near duplicates), {@code leaked} test items are copied into the pool
 * (a third into the contest, the rest into the forum) and {@code leakedNear} more with a few words added, and the
 * forum has {@code unanswered} posts with no accepted answer. Each domain has a test set of {@code testPerLevel}
 * items at each pool level (1 to 3) and a hard one of {@code hardPerLevel} at each of levels 4 and 5.
 *
 * @param seed         every byte of the world follows from it (default 7)
 * @param textbook     distinct problems of {@code mini-textbook} (default 14,000)
 * @param contest      distinct problems of {@code mini-contest} (default 8,000)
 * @param forum        distinct answered problems of {@code mini-forum} (default 7,000)
 * @param crossCopies  textbook problems the contest repeats verbatim (default 300)
 * @param reposts      problems the forum reposts respaced (default 700)
 * @param nearReposts  problems the forum reposts with a few words more (default 500)
 * @param leaked       test items copied into the pool (default 150)
 * @param leakedNear   test items copied with a few words more (default 100)
 * @param unanswered   forum posts without an answer (default 60)
 * @param testPerLevel test items per domain and level 1..3 (default 20)
 * @param hardPerLevel hard test items per domain and level 4..5 (default 20)
 */
public record WorldConfig(long seed, int textbook, int contest, int forum, int crossCopies, int reposts,
                          int nearReposts, int leaked, int leakedNear, int unanswered, int testPerLevel, int hardPerLevel) {
    public WorldConfig {
        int[] all = {textbook, contest, forum, crossCopies, reposts, nearReposts, leaked, leakedNear, unanswered, testPerLevel, hardPerLevel};
        for (int v : all) if (v < 0) throw new IllegalArgumentException("world sizes must be >= 0: " + java.util.Arrays.toString(all));
        if (textbook < 1 || testPerLevel < 1 || hardPerLevel < 1) {
            throw new IllegalArgumentException("a world needs textbook problems and test items at every level");
        }
        if (crossCopies > textbook) throw new IllegalArgumentException("crossCopies (" + crossCopies + ") > textbook (" + textbook + ")");
        if (crossCopies + reposts + nearReposts > textbook + contest) {
            throw new IllegalArgumentException("more copies (" + (crossCopies + reposts + nearReposts) + ") than textbook and contest problems");
        }
    }

    /** About 30,000 pool records. */
    public static WorldConfig defaults() {
        return new WorldConfig(7, 14_000, 8_000, 7_000, 300, 700, 500, 150, 100, 60, 20, 20);
    }

    /** A tenth of {@link #defaults()}, with smaller test sets: for tests and a quick demo. */
    public static WorldConfig small() {
        return new WorldConfig(7, 1_400, 800, 700, 30, 70, 50, 15, 10, 6, 10, 10);
    }

    public WorldConfig withSeed(long s) {
        return new WorldConfig(s, textbook, contest, forum, crossCopies, reposts, nearReposts, leaked, leakedNear,
                unanswered, testPerLevel, hardPerLevel);
    }

    /** Records in the three pool files. */
    public int poolRecords() {
        return textbook + contest + forum + crossCopies + reposts + nearReposts + leaked + leakedNear + unanswered;
    }
}
