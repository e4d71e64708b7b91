/**
 * Safetensors reading and writing: {@link org.reasonbridge.model.io.SafetensorsFile} for one file,
 * {@link org.reasonbridge.model.io.Checkpoint} for a Hugging Face model folder (single or sharded),
 * {@link org.reasonbridge.model.io.SafetensorsWriter} to write either. Every header field is
 * validated; a malformed file fails with a {@link org.reasonbridge.model.io.SafetensorsException}
 * naming the file and the problem.
 */
package org.reasonbridge.model.io;
