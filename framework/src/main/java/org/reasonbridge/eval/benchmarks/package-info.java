/**
 * Benchmark loaders for the public distribution formats, one per benchmark, behind one registry
 * ({@link org.reasonbridge.eval.benchmarks.Benchmarks#load}); the manifests of {@code datasets/}
 * ({@link org.reasonbridge.eval.benchmarks.DatasetManifest}) and their verified download
 * ({@link org.reasonbridge.eval.benchmarks.DatasetFetcher}, {@code ./reasonbridge datasets fetch NAME}).
 * Every malformed file is a {@link org.reasonbridge.data.DataFileException} whose message starts with {@code file:line:}.
 */
package org.reasonbridge.eval.benchmarks;
