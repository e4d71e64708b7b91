package org.reasonbridge.jinja;

import java.util.List;

/** A Python tuple: a list that prints with parentheses and never changes. */
record PyTuple(List<Object> items) {

    PyTuple {
        items = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(items));
    }
}
