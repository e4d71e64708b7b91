/**
 * A small sandboxed Jinja2 interpreter for Hugging Face chat templates: {@link
 * org.reasonbridge.jinja.Template} parses once and renders plain data (maps, lists, strings,
 * numbers, booleans, null) with the settings transformers uses ({@code trim_blocks}, {@code lstrip_blocks},
 * Python semantics for values). Templates reach no Java object, file or reflection; loops, recursion and output
 * are bounded by {@link org.reasonbridge.jinja.Limits}.
 */
package org.reasonbridge.jinja;
