package io.scorehouse.lakehouse;

/** A digest, signature or manifest does not match what was recorded (exit 5). */
public final class IntegrityException extends ScorehouseException {
    public IntegrityException(String what, String why) {
        super(ExitCode.INTEGRITY, what, why);
    }
}
