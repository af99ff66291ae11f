package io.scorehouse.cel;

/** An expression that does not compile, or that failed while evaluating. */
public final class CelException extends Exception {
    private static final long serialVersionUID = 1L;

    public CelException(String message) {
        super(message);
    }
}
