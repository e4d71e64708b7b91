/**
 * The one port "a model answers a prompt": {@link org.reasonbridge.lm.LanguageModel} takes an
 * {@link org.reasonbridge.lm.LmRequest} (chat messages or a raw completion prompt) and gives an
 * {@link org.reasonbridge.lm.LmReply} whose thinking and answer are split one way
 * ({@link org.reasonbridge.data.ThinkingFormat}), whatever the model: a local {@code Model}
 * ({@link org.reasonbridge.lm.LocalLanguageModel}), an OpenAI-compatible server (chat or completions), Anthropic
 * (thinking blocks) or Gemini (thought parts). The teacher, evaluation, curation's solvers and domain classifier and
 * the remote test-time driver all go through it.
 */
package org.reasonbridge.lm;
