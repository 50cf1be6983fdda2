#!/usr/bin/env bash
# Runs every experiment of docs/results.md in sequence (resumable: finished runs are reused) and
# writes each report to docs/results/<spec>/. Needs the Debian package dataset-fashion-mnist.
# Pass --quick for the few-minute variant (reports then go to reports/<spec>-quick/).
set -euo pipefail
cd "$(dirname "$0")/.."
specs=(lr-sgdm-mlp precond-lenet low-precision precond-regression lr-adam-mlp precond-autoencoder lr-sgdm-lenet
  lr-adam-lenet)
for spec in "${specs[@]}"; do
  if [ "${1:-}" = "--quick" ]; then
    ./apo compare "experiments/$spec.yaml" --jobs "${JOBS:-2}" --quick
  else
    ./apo compare "experiments/$spec.yaml" --jobs "${JOBS:-2}" --out "docs/results/$spec"
  fi
done
