# bench/common.sh — sourced by the benchmarks that run the bench module's Java: step(), label() and
# build_bench, which builds the module with its classpath (bench/target/classpath.txt) and reads the
# launcher's JVM flags into FLAGS. Needs the repository root as the working directory.
step() { printf '\n== %s\n' "$*" >&2; }
# 1000000 -> 1m, 200000 -> 200k, 1500 -> 1500
label() {
  local n=$1
  if (( n % 1000000 == 0 )); then echo "$((n / 1000000))m"
  elif (( n % 1000 == 0 )); then echo "$((n / 1000))k"
  else echo "$n"; fi
}
build_bench() {
  step "build: bench and its classpath"
  # one reactor run: bench's classpath resolves the project's modules from it, never from ~/.m2
  ./mvnw -B -q -pl bench -am package dependency:build-classpath -DskipTests \
    -Dmdep.includeScope=compile -Dmdep.outputFile=target/classpath.txt >&2
  read -r -a FLAGS < jobs/target/launcher/jvm.flags
}
