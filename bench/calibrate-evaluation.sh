#!/usr/bin/env bash
# The calibration table of docs/evaluation.md: every built-in metric on held-out real digits, the same blurred
# (sigma 0.5 and 1), one class only, uniform noise, and the reference configuration after 1,875 and 93,750 steps
# (trained here with ./gan4j, seed 0). Prints Markdown; about 5 minutes on one core.
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
# one run, seed 0: its checkpoint at step 1,875 and its end at 93,750
./gan4j train "${data_opt[@]}" --seed 0 --steps 93750 --checkpoint-every 1875 --keep-checkpoints 60 \
  --run-dir "$work/reference" >"$work/reference.log"
gens=("reference configuration, 1,875 steps=$work/reference/checkpoints/checkpoint-0000001875.zip"
      "reference configuration, 93,750 steps=$work/reference/generator.zip")
java -Xmx4g -cp "$jar" org.gan4j.examples.EvaluationCalibration "$dataset" "${gens[@]}"
