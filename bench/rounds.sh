#!/usr/bin/env bash
# The SGD-step targets of issue #7 measured in alternating rounds: PyTorch, then ours, then PyTorch
# again ..., one short process each, so that a shared machine's changing load hits both sides alike
# (bench/run.sh times all of PyTorch first and all of ours after). Prints every round and, per model,
# the median of the per-round median ratios and the ratio of the two sides' fastest steps.
#   bench/rounds.sh [rounds=5] [seconds per side and round=8] [optimizer=sgd]   (after bench/run.sh built the bench)
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$BENCH/target"
ROUNDS="${1:-5}"; SECONDS_="${2:-8}"; OPT="${3:-sgd}"
REFERENCE="${APO4J_REFERENCE:-$BENCH/../../shared/reference/torch}"
# a git worktree elsewhere: the shared folder lies beside the main checkout
[ -d "$REFERENCE" ] || REFERENCE="$(cd "$(git -C "$BENCH" rev-parse --git-common-dir)/.." && pwd)/../shared/reference/torch"
# ours with the wait policy bench/run.sh uses; PyTorch with its own default unless TORCH_OMP_WAIT_POLICY is set
OURS_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
# the ND4J native build every JVM of the project picks (io.apo4j.platform.NativeBuild, built by the
# reactor); APO4J_ND4J_EXTENSION overrides it
PLATFORM_JAR="$(ls "$BENCH"/../platform/target/apo4j-platform-*.jar 2>/dev/null | head -1)"
nd4j_extension() { java -jar "$PLATFORM_JAR"; }
EXT="${APO4J_ND4J_EXTENSION-$(nd4j_extension)}"
ours() {
  OMP_WAIT_POLICY="$OURS_POLICY" java -Xss4m -XX:+UseParallelGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    ${EXT:+-Dorg.bytedeco.javacpp.platform.extension=$EXT} \
    --module-path "$WORK/apo4j-bench-0.1.0-SNAPSHOT.jar:$WORK/lib" --add-modules ALL-MODULE-PATH \
    -m io.apo4j.bench/io.apo4j.bench.BenchMain profile --model "$REFERENCE/models/$1.onnx" --optimizer "$OPT" \
    --seconds "$SECONDS_" --steps-only 2>/dev/null \
    | sed -n 's/.*median_ms=\([0-9.]*\), min_ms=\([0-9.]*\).*/ours median \1 ms fastest \2 ms/p' 
}
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); OMP_WAIT_POLICY ours $OURS_POLICY, PyTorch ${TORCH_OMP_WAIT_POLICY:-(its default)}"
for model in mlp_fmnist lenet5_fmnist; do
  for r in $(seq 1 "$ROUNDS"); do
    t=$(env -u OMP_WAIT_POLICY ${TORCH_OMP_WAIT_POLICY:+OMP_WAIT_POLICY=$TORCH_OMP_WAIT_POLICY} \
      /usr/bin/python3 "$BENCH/python/torch_steps.py" --reference "$REFERENCE" --model "$model" --optimizer "$OPT" \
      --seconds "$SECONDS_" 2> /dev/null)
    o=$(ours "$model")
    echo "$model round $r: $t | $o"
  done
done | tee /dev/stderr | python3 -c '
import re, statistics, sys
rows = {}
for line in sys.stdin:
    m = re.match(r"(\S+) round \d+: torch .* median ([\d.]+) ms fastest ([\d.]+) ms .*\| ours median ([\d.]+) ms fastest ([\d.]+) ms", line)
    if m:
        rows.setdefault(m.group(1), []).append(tuple(float(m.group(i)) for i in range(2, 6)))
for model, r in rows.items():
    ratios = [o / t for t, _, o, _ in r]
    fastest = min(x[3] for x in r) / min(x[1] for x in r)
    print(f"{model}: median of per-round median ratios {statistics.median(ratios):.2f}x (rounds: "
          + ", ".join(f"{x:.2f}" for x in ratios) + f"); fastest step ours/PyTorch {fastest:.2f}x")
'
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
