# bench/common.sh — sourced by the benchmarks that run the bench module's Java: step(), label(),
# build_bench, which builds the module with its classpath (bench/target/classpath.txt) and reads the
# launcher's JVM flags into FLAGS, and bench_java, which runs one of its classes. Needs the repository root as the working directory.
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
# bench_java CLASS [ARGS...] — a class of the bench module in its own JVM, as the launcher runs the jobs (its
# flags, an 8 GB heap, Spark on local[*], logs under $SCOREHOUSE_HOME); after build_bench.
bench_java() {
  java "${FLAGS[@]}" -Xmx8g -Dlog4j2.configurationFile="$ROOT/conf/log4j2.xml" -Dscorehouse.logs.dir="$SCOREHOUSE_HOME/logs" \
    -Dspark.master="local[*]" -cp "bench/target/scorehouse-bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)" \
    "io.scorehouse.bench.$1" "${@:2}"
}
