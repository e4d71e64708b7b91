/**
 * Test-time scaling: guided inference intervention (GII) and the s1 budget-forcing baseline. The registry
 * {@link org.reasonbridge.inference.TestTimePolicy} names the policies and holds their knobs; a
 * {@link org.reasonbridge.inference.StateDetector} reads the thinking so far; one decision loop decides what an
 * attempt to stop gets, asked by an {@link org.reasonbridge.inference.InterventionPolicy} (local, a decode hook) and
 * by {@link org.reasonbridge.inference.RemoteForcing} (an OpenAI-compatible completions endpoint).
 */
package org.reasonbridge.inference;
