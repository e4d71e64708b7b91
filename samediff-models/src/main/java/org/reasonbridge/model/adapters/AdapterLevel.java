package org.reasonbridge.model.adapters;

import java.util.Locale;

/**
 * The reasoning level an adapter serves, model side: the method's strategic (plan), tactical (steps) and
 * operational (arithmetic, symbols) adapters. Text-side segmentation has its own type in the framework.
 */
public enum AdapterLevel {
    STRATEGIC, TACTICAL, OPERATIONAL;

    /** The lowercase name used in tensor names and JSON, e.g. {@code strategic}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AdapterLevel of(String id) {
        for (AdapterLevel l : values()) {
            if (l.id().equals(id)) return l;
        }
        throw new IllegalArgumentException("unknown adapter level '" + id + "' (strategic, tactical, operational)");
    }
}
