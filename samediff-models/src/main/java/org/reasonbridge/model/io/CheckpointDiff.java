package org.reasonbridge.model.io;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How a checkpoint differs from the tensors a model expects: names it lacks, names it has beyond the
 * expected and ignorable ones, and tensors whose shape differs. The caller decides what is fatal.
 */
public record CheckpointDiff(List<String> missing, List<String> unexpected, List<ShapeMismatch> misShaped) {

    public CheckpointDiff {
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        misShaped = List.copyOf(misShaped);
    }

    /** True when nothing is missing, unexpected or mis-shaped. */
    public boolean isEmpty() {
        return missing.isEmpty() && unexpected.isEmpty() && misShaped.isEmpty();
    }

    /** One tensor present under the expected name with another shape. */
    public record ShapeMismatch(String name, long[] expected, long[] actual) {
        public ShapeMismatch {
            Objects.requireNonNull(name, "name");
            expected = expected.clone();
            actual = actual.clone();
        }

        @Override
        public long[] expected() {
            return expected.clone();
        }

        @Override
        public long[] actual() {
            return actual.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ShapeMismatch m && name.equals(m.name) && Arrays.equals(expected, m.expected)
                    && Arrays.equals(actual, m.actual);
        }

        @Override
        public int hashCode() {
            return 31 * name.hashCode() + 7 * Arrays.hashCode(expected) + Arrays.hashCode(actual);
        }

        @Override
        public String toString() {
            return name + " expected " + Arrays.toString(expected) + " but is " + Arrays.toString(actual);
        }
    }
}
