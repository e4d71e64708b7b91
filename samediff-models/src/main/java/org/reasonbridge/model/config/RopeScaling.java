package org.reasonbridge.model.config;

/**
 * How rotary frequencies are rescaled for long contexts ({@code rope_scaling} in transformers v4,
 * {@code rope_parameters} in v5). Supported: {@code default}, {@code linear} (DeepSeek-Coder) and
 * {@code llama3} (Llama 3.1+); other types are refused when the config is read, since a silently
 * different rotary embedding gives plausible but wrong logits.
 *
 * @param type                         one of {@code default}, {@code linear}, {@code llama3}
 * @param factor                       position divisor (linear) or wavelength stretch (llama3); 1 for default
 * @param lowFreqFactor                llama3 only
 * @param highFreqFactor               llama3 only
 * @param originalMaxPositionEmbeddings llama3 only
 */
public record RopeScaling(String type, double factor, double lowFreqFactor, double highFreqFactor,
                          int originalMaxPositionEmbeddings) {

    public static final RopeScaling NONE = new RopeScaling("default", 1.0, 0, 0, 0);

    public RopeScaling {
        switch (type) {
            case "default" -> { }
            case "linear" -> {
                if (!(factor > 0)) throw new ModelConfigException("rope_scaling linear needs factor > 0, got " + factor);
            }
            case "llama3" -> {
                if (!(factor > 0) || !(lowFreqFactor > 0) || !(highFreqFactor > lowFreqFactor)
                        || originalMaxPositionEmbeddings <= 0) {
                    throw new ModelConfigException("rope_scaling llama3 needs factor > 0, 0 < low_freq_factor < "
                            + "high_freq_factor and original_max_position_embeddings > 0");
                }
            }
            default -> throw new ModelConfigException("rope_scaling type '" + type
                    + "' is not supported (supported: default, linear, llama3)");
        }
    }

    /**
     * Inverse frequencies {@code theta^(-2j/d)}, j &lt; d/2, rescaled as transformers'
     * {@code ROPE_INIT_FUNCTIONS[type]} does, in double precision.
     */
    public double[] inverseFrequencies(double theta, int headDim) {
        double[] inv = new double[headDim / 2];
        for (int j = 0; j < inv.length; j++) {
            inv[j] = 1.0 / Math.pow(theta, (2.0 * j) / headDim);
        }
        switch (type) {
            case "linear" -> {
                for (int j = 0; j < inv.length; j++) inv[j] /= factor;
            }
            case "llama3" -> {
                double lowWavelen = originalMaxPositionEmbeddings / lowFreqFactor;
                double highWavelen = originalMaxPositionEmbeddings / highFreqFactor;
                for (int j = 0; j < inv.length; j++) {
                    double wavelen = 2 * Math.PI / inv[j];
                    if (wavelen > lowWavelen) {
                        inv[j] = inv[j] / factor;
                    } else if (wavelen >= highWavelen) {
                        double smooth = (originalMaxPositionEmbeddings / wavelen - lowFreqFactor)
                                / (highFreqFactor - lowFreqFactor);
                        inv[j] = (1 - smooth) * inv[j] / factor + smooth * inv[j];
                    }
                }
            }
            default -> { }
        }
        return inv;
    }
}
