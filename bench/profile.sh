#!/usr/bin/env bash
# Where a training step spends its time: runs one model + optimizer under Java Flight Recorder and
# prints the wall time per node and direction (the executor's own clock: oneDNN and OpenBLAS threads
# included), then the share of CPU samples per ONNX op class (inclusive) and per hottest method (self).
#   bench/profile.sh MODEL.onnx [optimizer=sgd] [seconds=20] [BenchMain profile options: --batch N, --vocabulary V,
#   --loss mse]     (after bench/run.sh has built the bench)
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$BENCH/target"
MODEL="$1"; OPT="${2:-sgd}"; SECONDS_="${3:-20}"; shift $(( $# < 3 ? $# : 3 ))
JFR="$WORK/profile-$(basename "$MODEL" .onnx)-$OPT.jfr"
# the ND4J native build every JVM of the project picks (io.apo4j.platform.NativeBuild, built by the
# reactor); APO4J_ND4J_EXTENSION overrides it
PLATFORM_JAR="$(ls "$BENCH"/../platform/target/apo4j-platform-*.jar 2>/dev/null | head -1)"
nd4j_extension() { java -jar "$PLATFORM_JAR"; }
EXT="${APO4J_ND4J_EXTENSION-$(nd4j_extension)}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
java -Xss4m -XX:+UseParallelGC -Dapo4j.optimes=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  ${EXT:+-Dorg.bytedeco.javacpp.platform.extension=$EXT} \
  -XX:StartFlightRecording=filename="$JFR",settings=profile \
  --module-path "$WORK/apo4j-bench-0.1.0-SNAPSHOT.jar:$WORK/lib" --add-modules ALL-MODULE-PATH \
  -m io.apo4j.bench/io.apo4j.bench.BenchMain profile --model "$MODEL" --optimizer "$OPT" --seconds "$SECONDS_" "$@" >&2
jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample "$JFR" | python3 "$BENCH/python/jfr_ops.py"
