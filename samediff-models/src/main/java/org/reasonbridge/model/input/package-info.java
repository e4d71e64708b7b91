/**
 * What a user hands in, read once and strictly: {@link org.reasonbridge.model.input.JsonFile} for the small JSON
 * files of a model or adapter folder (errors as {@code file:line:column: what}), and
 * {@link org.reasonbridge.model.input.Names} for "did you mean" on a mistyped key or name. Below every other
 * package, so the config, io, tokenizer and adapter readers and the framework share it.
 */
package org.reasonbridge.model.input;
