#!/usr/bin/env bash
# The calibration table of docs/evaluation.md: every built-in metric on held-out real digits, the same blurred
# (sigma 0.5 and 1), one class only, uniform noise, and the reference configuration after 1,875 and 93,750 steps
# (trained here with ./gan4j, seed 0). Prints Markdown; about 3 minutes on one core.
#
#   bench/calibrate-evaluation.sh                 # embedded MNIST digits
#   DATASET=fashion-mnist bench/calibrate-evaluation.sh   # Fashion-MNIST (Debian's dataset-fashion-mnist)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dataset="${DATASET:-mnist}"
work="${WORK_DIR:-$(mktemp -d)}"
cd "$root"
./gan4j --version >/dev/null # builds the jar on first use
jar="$(ls "$root"/gan-examples/target/gan-examples-*.jar | grep -v -e sources -e javadoc -e tests | head -1)"
data_opt=()
if [ "$dataset" != "mnist" ]; then data_opt=(--dataset "$dataset"); fi
gens=()
for steps in 1875 93750; do
  ./gan4j train "${data_opt[@]}" --seed 0 --steps "$steps" --run-dir "$work/ref-$steps" >"$work/ref-$steps.log"
  gens+=("reference configuration, $steps steps=$work/ref-$steps/generator.zip")
done
java -Xmx4g -cp "$jar" org.gan4j.examples.EvaluationCalibration "$dataset" "${gens[@]}"
