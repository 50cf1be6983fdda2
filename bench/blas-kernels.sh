#!/usr/bin/env bash
# The float32 parity tests under each OpenBLAS GEMM kernel, by hand: their tolerances come from an error
# model (testkit's io.apo4j.testkit.drift.TorchDrift: ours within K times torch's own float32-vs-float64
# drift), and this shows how close each test came to it under kernels other than the one this machine
# picks. Prints, per kernel, every "tolerance-margin" line (worst difference / allowed; below 1 passes)
# and the worst ratio overall. Tests and CI never set OPENBLAS_CORETYPE: only this script does.
#   bench/blas-kernels.sh [KERNEL ...]    (default: "env" (OPENBLAS_CORETYPE as the caller's environment has
#                                          it, what the tests see), "auto" (unset: OpenBLAS detects the CPU),
#                                          Haswell, Sandybridge, and SkylakeX where the CPU has AVX-512;
#                                          ~5 minutes per kernel on 2 cores)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
TESTS='TorchTraceParityTest,TorchParityTest,HeldOutTraceParityTest'
if (( $# )); then KERNELS=("$@"); else
  KERNELS=(env auto Haswell Sandybridge)
  grep -qw avx512f /proc/cpuinfo 2>/dev/null && KERNELS+=(SkylakeX)
fi
OUT="$(mktemp -d "${TMPDIR:-/tmp}/apo4j-blas-kernels.XXXXXX")"
echo "installing the modules the tests need (tests skipped) ..." >&2
./mvnw -B -q install -DskipTests -pl sgd-plugin,host -am >&2
for k in "${KERNELS[@]}"; do
  echo "== OPENBLAS_CORETYPE=$k (environment: ${OPENBLAS_CORETYPE-unset})" >&2
  log="$OUT/$k.log"
  case $k in
    env) env_=(env) ;;                            # as the tests see it
    auto) env_=(env -u OPENBLAS_CORETYPE) ;;      # OpenBLAS's own detection
    *) env_=(env "OPENBLAS_CORETYPE=$k") ;;
  esac
  rc=0
  "${env_[@]}" ./mvnw -B -pl sgd-plugin,host test -Dtest="$TESTS" -Dsurefire.failIfNoSpecifiedTests=false \
    > "$log" 2>&1 || rc=$?
  grep -o 'tolerance-margin .*' "$log" | sort -u > "$OUT/$k.margins" || true
  echo "OPENBLAS_CORETYPE=$k: maven exit $rc, $(wc -l < "$OUT/$k.margins") margins, worst:"
  sed 's/^tolerance-margin //' "$OUT/$k.margins" | awk -F': ' '{split($2, a, " "); print a[1] "\t" $1}' \
    | sort -g -r | head -5 | sed 's/^/  /'
  grep 'first over' "$OUT/$k.margins" | sed 's/^/  OVER: /' || true
done
echo "logs and margins: $OUT"
