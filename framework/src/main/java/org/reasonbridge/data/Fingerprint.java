package org.reasonbridge.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A short content fingerprint for journals: has this text changed since a call about it was recorded? */
public final class Fingerprint {
    private Fingerprint() {
    }

    /** 16 hex digits of SHA-256 over the parts, each ended by a NUL so that ("ab", "c") differs from ("a", "bc"). */
    public static String of(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                md.update(part.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
