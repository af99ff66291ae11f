package io.scorehouse.gates.signing;

import io.scorehouse.lakehouse.Digests;
import java.security.PublicKey;

/** A key's id: sha256 of its SubjectPublicKeyInfo, as hex. Stable across PEM formatting. */
public final class KeyIds {
    private KeyIds() {}

    public static String of(PublicKey key) {
        return Digests.sha256Hex(key.getEncoded());
    }
}
