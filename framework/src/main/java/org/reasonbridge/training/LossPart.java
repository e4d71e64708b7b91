package org.reasonbridge.training;

/** The parts of the hierarchical loss a target token can belong to, in the order of their masks. */
public enum LossPart {
    /** The answer after the thinking (and the end-of-turn token): the output loss. */
    OUTPUT,
    STRATEGIC,
    TACTICAL,
    OPERATIONAL
}
