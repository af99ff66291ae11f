package io.scorehouse.gates.signing;

import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Ed25519 keys as PEM: PKCS#8 private keys, X.509 SubjectPublicKeyInfo public keys. */
final class Pem {
    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";

    private Pem() {}

    static String encodePrivate(PrivateKey key) {
        return encode(PRIVATE, key.getEncoded());
    }

    static String encodePublic(PublicKey key) {
        return encode(PUBLIC, key.getEncoded());
    }

    static PrivateKey decodePrivate(String pem) throws InvalidKeySpecException {
        return keyFactory().generatePrivate(new PKCS8EncodedKeySpec(decode(PRIVATE, pem)));
    }

    static PublicKey decodePublic(String pem) throws InvalidKeySpecException {
        return keyFactory().generatePublic(new X509EncodedKeySpec(decode(PUBLIC, pem)));
    }

    private static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static byte[] decode(String type, String pem) throws InvalidKeySpecException {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new InvalidKeySpecException("not a PEM " + type);
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new InvalidKeySpecException("bad base64 in PEM " + type);
        }
    }

    static KeyFactory keyFactory() {
        try {
            return KeyFactory.getInstance("Ed25519");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Ed25519 is part of every Java 15+ runtime", e);
        }
    }
}
