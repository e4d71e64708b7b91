/**
 * Hugging Face tokenizers and chat templates: {@link org.reasonbridge.model.tokenizer.Tokenizer} wraps the
 * Rust {@code tokenizers} library through DJL, {@link org.reasonbridge.model.tokenizer.ChatTemplate} renders
 * {@code tokenizer_config.json} chat templates with our own sandboxed Jinja2 interpreter.
 */
package org.reasonbridge.model.tokenizer;
