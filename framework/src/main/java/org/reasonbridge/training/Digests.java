package org.reasonbridge.training;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Fingerprints of training data, so a resume on different data is caught. */
final class Digests {
    private Digests() {
    }

    static String of(List<EncodedExample> data) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (EncodedExample e : data) {
                md.update(e.id().getBytes(StandardCharsets.UTF_8));
                ByteBuffer b = ByteBuffer.allocate(8 * e.length());
                for (int i = 0; i < e.length(); i++) b.putInt(e.ids()[i]).putInt(e.parts()[i]);
                md.update(b.array());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
