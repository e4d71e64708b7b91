/**
 * Everything that is a tensor graph or touches weights: {@code config}, {@code io}, {@code tokenizer},
 * {@code transformer}, {@code generate}. Nothing here knows about curation, teachers or benchmarks.
 */
package org.reasonbridge.model;
