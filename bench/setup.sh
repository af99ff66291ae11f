# bench/setup.sh — sourced by the benchmarks: a lakehouse of $ENTITIES demo entities for $DATE in
# $SCOREHOUSE_HOME with churn@1 trained and released through the gates. Steps already done there
# are kept. Needs ROOT, ENTITIES, DATE, SCOREHOUSE_HOME and a step() function.
# A kept home's release is bound to the policy bundle it was released under; after a policy change
# scoring there would be refused (batch.model), so the setup is redone in a fresh home.
POLICIES="$(cat conf/policies/*.yaml | sha256sum | cut -c1-64)"
if [[ -f "$SCOREHOUSE_HOME/.bench-policies" && "$(cat "$SCOREHOUSE_HOME/.bench-policies")" != "$POLICIES" ]]; then
  step "the policies changed since $SCOREHOUSE_HOME was set up: releasing again in a fresh home"
  export SCOREHOUSE_HOME="$(mktemp -d /tmp/scorehouse-bench.XXXXXX)"
fi
step "setup: $ENTITIES entities in $SCOREHOUSE_HOME (steps already done there are kept)"
if [[ ! -d "$SCOREHOUSE_HOME/warehouse/curated/customer_features/_delta_log" ]]; then
  bin/scorehouse demo-data --date "$DATE" --rows "$ENTITIES" >&2
fi
if ! bin/scorehouse registry show churn@1 >/dev/null 2>&1; then
  bin/scorehouse train --model churn --date "$DATE" >&2
fi
if ! bin/scorehouse registry list | grep -q "churn@1 | Approved"; then
  # Approved only through the promotion gate (a first release: shadow and canary pass at once).
  bin/scorehouse staging-report --model churn@1 --date "$DATE" >&2
  bin/scorehouse shadow --model churn@1 --date "$DATE" >&2
  bin/scorehouse canary plan churn@1 --actor bench >&2
  bin/scorehouse promote churn@1 --actor bench >&2
fi
echo "$POLICIES" > "$SCOREHOUSE_HOME/.bench-policies"
