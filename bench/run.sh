#!/usr/bin/env bash
# The apo4j benchmark suite, in one command: builds the bench module when needed, runs the PyTorch
# companion (when Debian's python3-torch is importable by /usr/bin/python3), times LeNet's
# convolutions under each ND4J native build, then the Java harness, and regenerates
# docs/performance.md. Results: bench/target/bench.json (ours), bench/target/torch.json (PyTorch).
#   bench/run.sh [--quick]      (--quick: short warm-up and measurement, for a smoke test)
# Environment: BENCH_THREADS (default 2), BENCH_SKIP_TORCH=1, BENCH_REUSE_TORCH=1 (keep torch.json),
#   BENCH_SKIP_CONV=1 (reuse conv-*.json), BENCH_MODELS=a,b and BENCH_OPTIMIZERS=x,y (subsets),
#   APO4J_ND4J_EXTENSION (e.g. -onednn-avx512: the ND4J native build of the main run).
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
WORK="$BENCH/target"
REFERENCE="${APO4J_REFERENCE:-$ROOT/../shared/reference/torch}"
# a git worktree elsewhere: the shared folder lies beside the main checkout
[ -d "$REFERENCE" ] || REFERENCE="$(cd "$(git -C "$BENCH" rev-parse --git-common-dir)/.." && pwd)/../shared/reference/torch"
QUICK=""
[ "${1:-}" = "--quick" ] && QUICK="--quick"

# the ND4J native build every JVM of the project picks (io.apo4j.platform.NativeBuild, built by the
# reactor); APO4J_ND4J_EXTENSION overrides it
PLATFORM_JAR="$(ls "$ROOT"/platform/target/apo4j-platform-*.jar 2>/dev/null | head -1)"
nd4j_extension() { java -jar "$PLATFORM_JAR"; }
JAR="$WORK/apo4j-bench-0.1.0-SNAPSHOT.jar"
if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT" -path '*/target' -prune -o \( -name '*.java' -o -name pom.xml \) \
    -newer "$JAR" -print -quit)" ]; then
  echo "bench: building (sources changed) ..." >&2
  (cd "$ROOT" && ./mvnw -B -q -o -pl bench -am -DskipTests package >&2)
fi

# Shared 2-core machines: busy-waiting OpenMP threads only steal time from the other thread.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
THREADS="${BENCH_THREADS:-2}"
mkdir -p "$WORK"

TORCH_ARGS=()
if [ -n "${BENCH_REUSE_TORCH:-}" ] && [ -f "$WORK/torch.json" ]; then
  TORCH_ARGS=(--torch "$WORK/torch.json")
  BENCH_SKIP_TORCH=1
else
  rm -f "$WORK/torch.json"
fi
if [ -z "${BENCH_SKIP_TORCH:-}" ] && /usr/bin/python3 -c 'import torch, onnx' 2>/dev/null; then
  /usr/bin/python3 "$BENCH/python/torch_bench.py" --reference "$REFERENCE" --out "$WORK/torch.json" \
    --export-dir "$WORK/models" --threads "$THREADS" ${BENCH_MODELS:+--models "$BENCH_MODELS"} $QUICK \
    2> >(grep -v -i 'warn\|_jit_pass' >&2)
  TORCH_ARGS=(--torch "$WORK/torch.json")
else
  [ -n "${TORCH_ARGS[*]:-}" ] || echo "bench: PyTorch side skipped (BENCH_SKIP_TORCH, or /usr/bin/python3 cannot import torch and onnx)" >&2
fi

MODULE_PATH="$JAR:$WORK/lib"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# ND4J's arrays live off-heap and are freed only when the GC collects their tiny Java objects; javacpp
# forces a GC when off-heap bytes pass maxBytes (default: -Xmx) or the RSS passes maxPhysicalBytes
# (default 2x -Xmx). With the JVM's default heap (1/4 of RAM) a step that allocates grew to 11 GB
# and was OOM-killed on a 23 GB machine, so the bench bounds both.
java_run() {
  "$JAVA" -Xss4m -XX:+UseParallelGC -Xmx3g -Dorg.bytedeco.javacpp.maxBytes=3g \
    -Dorg.bytedeco.javacpp.maxPhysicalBytes=8g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$@"
}

# Which ND4J native build convolves fastest: one JVM per build (the choice is made at library load).
CONV_ARGS=()
# ND4J's plain build is not packaged any more (SIGILL without AVX-512; slow convolutions)
EXTS=("-onednn")
[ "$(nd4j_extension)" = "-onednn-avx512" ] && EXTS+=("-onednn-avx512")
if [ -n "${BENCH_SKIP_CONV:-}" ]; then
  EXTS=()
  for f in "$WORK"/conv-*.json; do [ -f "$f" ] && CONV_ARGS+=(--conv "$f"); done
fi
for ext in "${EXTS[@]}"; do
  name="${ext:-default}"; name="${name#-}"
  out="$WORK/conv-$name.json"
  if java_run -Dorg.bytedeco.javacpp.platform.extension="$ext" --module-path "$MODULE_PATH" \
      --add-modules ALL-MODULE-PATH -m io.apo4j.bench/io.apo4j.bench.BenchMain conv --out "$out" $QUICK; then
    CONV_ARGS+=(--conv "$out")
  else
    echo "bench: native build '$name' failed to run; skipped" >&2
  fi
done

ND4J_EXTENSION="${APO4J_ND4J_EXTENSION-$(nd4j_extension)}"
EXT_FLAG=""
[ -n "$ND4J_EXTENSION" ] && EXT_FLAG="-Dorg.bytedeco.javacpp.platform.extension=$ND4J_EXTENSION"
java_run $EXT_FLAG --module-path "$MODULE_PATH" --add-modules ALL-MODULE-PATH \
  -m io.apo4j.bench/io.apo4j.bench.BenchMain all --reference "$REFERENCE" --work "$WORK" \
  --doc "$ROOT/docs/performance.md" --notes "$BENCH/performance-notes.md" "${TORCH_ARGS[@]}" "${CONV_ARGS[@]}" \
  ${BENCH_MODELS:+--models "$BENCH_MODELS"} ${BENCH_OPTIMIZERS:+--optimizers "$BENCH_OPTIMIZERS"} $QUICK
