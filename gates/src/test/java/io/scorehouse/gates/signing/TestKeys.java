package io.scorehouse.gates.signing;

import java.nio.file.Path;

/** Test access to dev-key generation (package-private in production code). */
public final class TestKeys {
    private TestKeys() {}

    public static void devKey(Path keyFile, Path trustStoreDir) {
        DevSigningKey.ensure(keyFile, trustStoreDir);
    }
}
