#!/usr/bin/env bash
# What logging costs: interleaved runs of `gan4j bench --run-dir DIR` with checkpoints only (--no-logs) and with
# everything `train` writes, at the default settings (batch 32, the embedded 10,000 digits, 50 epochs = 15,650 steps).
# Prints every run and the medians. Usage: bench/logging-cost.sh [ROUNDS] [STEPS]    (docs/observability.md)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-8}"
steps="${2:-15650}"
"$root/gan4j" --version >/dev/null  # builds the jar if needed, outside the timed runs
jar="$(ls "$root"/gan-examples/target/gan-examples-*.jar | grep -v -e '-sources' -e '-javadoc' | head -n 1)"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
run() {  # prints "outputs steps_per_s"
  rm -rf "$dir/run"
  java -XX:+UseSerialGC -Xmn24m -Xmx1g -jar "$jar" bench --steps "$steps" --warmup 0 --run-dir "$dir/run" "$@" 2>"$dir/err" \
    | sed -n 's/^RESULT .*outputs=\([^ ]*\) steps_per_s=\([0-9.]*\).*/\1 \2/p'
}
for i in $(seq "$rounds"); do
  run --no-logs | tee -a "$dir/results"
  run | tee -a "$dir/results"
done
median() {  # median steps/s of one kind of run
  grep "^$1 " "$dir/results" | cut -d' ' -f2 | sort -n \
    | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
base="$(median checkpoints)"
logs="$(median checkpoints+logs)"
echo "median checkpoints       $base steps/s"
echo "median checkpoints+logs  $logs steps/s"
awk -v b="$base" -v l="$logs" 'BEGIN { printf "logging costs %.1f%% (ratio of the medians)\n", 100 * (1 - l / b) }'
