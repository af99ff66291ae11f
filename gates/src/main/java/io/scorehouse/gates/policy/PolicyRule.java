package io.scorehouse.gates.policy;

import io.scorehouse.cel.CelExpression;

/** One named CEL condition of a policy and the message shown when it fails. */
record PolicyRule(String name, CelExpression expression, String message) {}
