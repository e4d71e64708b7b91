/**
 * What every HTTP model client shares, whatever the provider: {@link org.reasonbridge.http.ApiException} (status,
 * {@code Retry-After}, a key-free body excerpt) and {@link org.reasonbridge.http.RetryPolicy} (which faults are
 * retried, and how long to wait). The evaluation runner, the teacher clients and the test-time policies use them.
 */
package org.reasonbridge.http;
