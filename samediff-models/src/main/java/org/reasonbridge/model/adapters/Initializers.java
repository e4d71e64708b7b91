package org.reasonbridge.model.adapters;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * Seeded FP32 initial values. Each tensor draws from its own stream, derived from the seed and its name, so a
 * tensor's start does not depend on which other tensors exist or in which order they are built.
 */
public final class Initializers {
    private Initializers() {
    }

    public static INDArray zeros(long[] shape) {
        return Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, shape);
    }

    /** Normal(0, std²). */
    public static INDArray normal(String name, long[] shape, long seed, double std) {
        SplittableRandom r = stream(name, seed);
        float[] a = new float[size(name, shape)];
        for (int i = 0; i < a.length; i++) {
            double u = 1.0 - r.nextDouble();  // Box-Muller; SplittableRandom has no nextGaussian in Java 17
            a[i] = (float) (std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble()));
        }
        return Nd4j.create(a, shape, 'c');
    }

    /** Uniform(-bound, bound). */
    public static INDArray uniform(String name, long[] shape, long seed, double bound) {
        SplittableRandom r = stream(name, seed);
        float[] a = new float[size(name, shape)];
        for (int i = 0; i < a.length; i++) a[i] = (float) (bound * (2 * r.nextDouble() - 1));
        return Nd4j.create(a, shape, 'c');
    }

    private static SplittableRandom stream(String name, long seed) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
    }

    private static int size(String name, long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException(name + ": too large for one array");
        return (int) n;
    }
}
