/**
 * Test-time scaling: guided inference intervention (GII) and the s1 budget-forcing baseline. A
 * {@link org.reasonbridge.inference.StateDetector} reads the thinking so far; an
 * {@link org.reasonbridge.inference.InterventionPolicy} (local, a decode hook) or
 * {@link org.reasonbridge.inference.RemoteForcing} (an OpenAI-compatible completions endpoint) acts when the model
 * tries to stop thinking.
 */
package org.reasonbridge.inference;
