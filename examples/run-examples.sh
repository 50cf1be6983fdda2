#!/usr/bin/env bash
# Builds the example plugins as a third party would, drops their jars into a temporary plugins
# directory, and checks that the host lists them and trains with them:
#   1. installs the apo4j API and testkit into the local Maven repository (~/.m2),
#   2. builds examples/fsd-plugin-example (discrepancy 'js') and examples/optimizer-plugin-example
#      (optimizer 'lion'), each running the testkit's contract suite, and the step-by-step plugin
#      of docs/writing-plugins.md (discrepancy 'sym-kl'), extracted from the guide as written,
#   3. './apo plugins' with the distribution's plugins directory and the temporary one,
#   4. short trainings on the embedded default model and data: APO-LR over sgd with 'fsd: js',
#      and APO-LR over 'lion' with 'fsd: sym-kl' (base optimizer and FSD both third-party jars).
# Any failure stops the script with a message and a non-zero exit code.
# Environment: APO_EXAMPLE_STEPS (default 20) steps per training run; APO_EXAMPLE_MODEL an ONNX
# model to train instead of the embedded default (e.g. experiments/models/mlp_fmnist.onnx);
# KEEP_TMP=1 keeps the temporary directory; MAVEN_OPTS as usual (e.g. -Dmaven.repo.local=DIR).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
STEPS="${APO_EXAMPLE_STEPS:-20}"
MODEL_OVERRIDE=()
if [ -n "${APO_EXAMPLE_MODEL:-}" ]; then MODEL_OVERRIDE=(--set "model=$APO_EXAMPLE_MODEL"); fi
TMP="$(mktemp -d "${TMPDIR:-/tmp}/apo4j-examples.XXXXXX")"
PLUGINS="$TMP/plugins"
DEFAULT_PLUGINS="$ROOT/distribution/target/apo4j/plugins"

fail() {
  echo "run-examples: FAILED: $*" >&2
  exit 1
}
on_exit() {
  local status=$?
  [ "$status" -eq 0 ] || echo "run-examples: FAILED (exit $status); see the messages above" >&2
  if [ "${KEEP_TMP:-0}" = 1 ]; then echo "run-examples: kept $TMP" >&2; else rm -rf "$TMP"; fi
}
trap on_exit EXIT
step() { echo; echo "== run-examples: $*"; }

step "installing apo4j-api and apo4j-testkit into the local Maven repository"
./mvnw -B -q install -DskipTests -pl platform,api,testkit -am

mkdir -p "$PLUGINS"
for example in fsd-plugin-example optimizer-plugin-example; do
  step "building examples/$example (runs the testkit contract suite)"
  ./mvnw -B -f "examples/$example/pom.xml" verify
  jar="$(ls "examples/$example/target/$example-"*.jar)"
  [ -f "$jar" ] || fail "examples/$example built no jar"
  cp "$jar" "$PLUGINS/"
done

step "building the tutorial plugin of docs/writing-plugins.md (sym-kl), as the guide writes it"
"${JAVA_HOME:+$JAVA_HOME/bin/}java" examples/tutorial/ExtractTutorial.java docs/writing-plugins.md "$TMP/sym-kl-plugin"
(cd "$TMP/sym-kl-plugin" && "$ROOT/mvnw" -B verify)
cp "$TMP/sym-kl-plugin/target/sym-kl-plugin-1.0.0.jar" "$PLUGINS/"
ls -l "$PLUGINS"

step "./apo plugins with the example jars in $PLUGINS"
./apo plugins --plugins-dir "$DEFAULT_PLUGINS" --plugins-dir "$PLUGINS" >"$TMP/plugins.txt" 2>"$TMP/plugins.err" \
  || { cat "$TMP/plugins.txt" "$TMP/plugins.err"; fail "./apo plugins exited non-zero"; }
cat "$TMP/plugins.txt"
cat "$TMP/plugins.err" >&2
# the table's columns: ID KIND VERSION MODULE JAR
for expected in "js discrepancy io.apo4j.examples.js" "lion optimizer io.apo4j.examples.lion" \
    "sym-kl discrepancy org.example.symkl"; do
  set -- $expected
  awk -v id="$1" -v kind="$2" -v module="$3" -v dir="$PLUGINS/" \
    '$1 == id && $2 == kind && $4 == module && index($5, dir) == 1 { found = 1 } END { exit !found }' \
    "$TMP/plugins.txt" || fail "'./apo plugins' does not list $2 '$1' (module $3) from $PLUGINS"
done
if grep -F "$PLUGINS" "$TMP/plugins.err"; then
  fail "the host reported a problem with an example jar (above)"
fi

# Runs './apo train' on the embedded defaults with the example plugins, then checks the run.
train() {
  local name="$1" optimizer="$2" out="$TMP/runs/$1"
  step "training '$name': optimizer $optimizer, $STEPS steps"
  ./apo train -q --plugins-dir "$DEFAULT_PLUGINS" --plugins-dir "$PLUGINS" ${MODEL_OVERRIDE[@]+"${MODEL_OVERRIDE[@]}"} \
    --set "optimizer=$optimizer" --set epochs=0 --set "steps=$STEPS" --set "out=$out" \
    || fail "training '$name' exited non-zero"
  [ -f "$out/metrics.jsonl" ] || fail "training '$name' wrote no $out/metrics.jsonl"
  local lines
  lines="$(grep -c '"step"' "$out/metrics.jsonl")"
  [ "$lines" -eq "$STEPS" ] || fail "training '$name': expected $STEPS steps in metrics.jsonl, found $lines"
  if grep -Eiq '"loss" *: *"?(nan|inf|-inf)' "$out/metrics.jsonl"; then
    fail "training '$name': a loss in metrics.jsonl is not finite"
  fi
  echo "training '$name': $lines steps in $out/metrics.jsonl; last: $(tail -n 1 "$out/metrics.jsonl")"
}

train apo-lr-js "{id: apo-lr, base: {id: sgd, lr: 0.01, momentum: 0.9}, fsd: js, k: 5}"
grep -rqw "js" "$TMP/runs/apo-lr-js" --include='*.yaml' --include='*.json' \
  || fail "the APO-LR run's resolved config and provenance do not mention the 'js' discrepancy"
train lion-sym-kl "{id: apo-lr, base: {id: lion, lr: 0.0003}, fsd: sym-kl, k: 5}"

step "all example checks passed"
