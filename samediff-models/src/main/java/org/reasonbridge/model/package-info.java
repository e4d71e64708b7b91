/**
 * Everything that is a tensor graph or touches weights: {@code config}, {@code io}, {@code tokenizer},
 * {@code transformer}, {@code generate}, {@code adapters}, {@code loss}, and {@code levels} (the reasoning-level enum
 * the adapters, the loss and the framework share). Nothing here knows about curation, teachers or benchmarks.
 */
package org.reasonbridge.model;
