/**
 * Reasoning levels: splits a teacher's trace into strategic, tactical and operational spans (from the teacher's
 * tags or from named rules), marks the final answer as output, and turns the spans into per-token labels and masks
 * for the hierarchical loss. Renderers show the result in a terminal or a notebook.
 */
package org.reasonbridge.levels;
