#!/usr/bin/env bash
# Runs every experiment of docs/results.md in sequence (resumable: finished runs are reused).
# Needs the Debian package dataset-fashion-mnist. Pass --quick for the few-minute variant.
set -euo pipefail
cd "$(dirname "$0")/.."
for spec in lr-sgdm-mlp lr-adam-mlp lr-sgdm-lenet lr-adam-lenet precond-lenet precond-autoencoder \
    precond-regression low-precision; do
  ./apo compare "experiments/$spec.yaml" --jobs "${JOBS:-2}" "$@"
done
