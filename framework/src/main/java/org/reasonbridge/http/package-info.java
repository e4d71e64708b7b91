/**
 * What every HTTP model client shares, whatever the provider: {@link org.reasonbridge.http.JsonHttp} (JSON over
 * HTTP: the API key read once from the environment and redacted from every message, timeouts, {@code Retry-After}),
 * {@link org.reasonbridge.http.ApiException} (status, {@code Retry-After}, a key-free body excerpt) and
 * {@link org.reasonbridge.http.RetryPolicy} (which faults are retried, and how long to wait).
 */
package org.reasonbridge.http;
