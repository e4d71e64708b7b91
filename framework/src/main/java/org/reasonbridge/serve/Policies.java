package org.reasonbridge.serve;

import org.reasonbridge.model.generate.DecodeHook;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Intervention policies the server can apply to every request, by name ({@code serve --policy NAME}). Only
 * {@code none} exists today; the inference package registers its policies here when it arrives.
 */
public final class Policies {
    private static final Map<String, Function<GenerationRequest, DecodeHook>> KNOWN = new TreeMap<>(
            Map.of("none", request -> DecodeHook.NONE));

    private Policies() {
    }

    /** The hook factory of a policy; an error naming the known policies otherwise. */
    public static synchronized Function<GenerationRequest, DecodeHook> named(String name) {
        Function<GenerationRequest, DecodeHook> f = KNOWN.get(name);
        if (f == null) throw new IllegalArgumentException("unknown policy '" + name + "'; known: " + KNOWN.keySet());
        return f;
    }

    /** Makes a policy available by name. */
    public static synchronized void register(String name, Function<GenerationRequest, DecodeHook> factory) {
        KNOWN.put(name, factory);
    }
}
