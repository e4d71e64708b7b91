package org.reasonbridge.analysis;

import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The tiny evaluation folders in {@code src/test/resources/analysis/runs/}, written by hand for these tests: six
 * problems of a benchmark "arith"; {@code base} right on p1 and p4 (2/6), {@code reasonbridge} right on all but p5
 * (5/6) with tagged traces and policy records; their results.json breakdowns by level: base easy 2/3, hard 0/3,
 * reasonbridge easy 3/3, hard 2/3; {@code other-problems} the base run with ids q1..q6;
 * {@code incomplete} four samples of a run of six.
 */
final class Fixtures {
    private Fixtures() {
    }

    static Path run(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/analysis/runs/" + name + "/samples.jsonl").toURI()).getParent();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no fixture run " + name, e);
        }
    }
}
