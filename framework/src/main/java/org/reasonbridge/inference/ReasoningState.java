package org.reasonbridge.inference;

/** The reasoning state GII reads from the thinking so far; each maps to one kind of intervention. */
public enum ReasoningState {
    /** Nothing left to do: the model may end its thinking. */
    COMPLETE,
    /** No final answer yet, or conditions of the problem not yet used: extend ("Wait"). */
    PARTIAL,
    /** The model hedges about its approach: redirect ("Alternatively, ..."). */
    UNCERTAIN,
    /** An arithmetic error, a contradiction, or an unchecked calculation: verify ("Let me double-check"). */
    UNVERIFIED
}
