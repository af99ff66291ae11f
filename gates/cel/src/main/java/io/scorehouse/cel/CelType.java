package io.scorehouse.cel;

/** The types a policy may declare for an input variable. */
public enum CelType {
    STRING,
    INT,
    DOUBLE,
    BOOL,
    /** {@code map(string, dyn)}: a JSON-like object. */
    MAP,
    /** {@code list(dyn)}. */
    LIST
}
