#!/usr/bin/env bash
# What periodic evaluation costs training: the reference run (`./gan4j train`, 15,650 steps) without and with
# `--eval-every`, interleaved (A B C A B C ...: this VM's speed drifts by +-10 % over minutes), each run's steps/s
# from its "Done:" line (training only: the JVM's start and the finished run's evaluation are outside it).
#
#   bench/evaluation-cost.sh [ROUNDS] [SETTING ...]
#
# Each SETTING is one quoted set of train options; default: "--eval-every 1565" (10 evaluations at the default
# --eval-count) and "--eval-every 1565 --eval-count 1000". Prints every run, then the median of each and its cost
# against the median without. The evaluation cache (~/.gan4j/evaluation) is warmed by a first run, not counted.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-5}"
shift || true
settings=("$@")
if [ ${#settings[@]} -eq 0 ]; then
  settings=("--eval-every 1565" "--eval-every 1565 --eval-count 1000")
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

run() { # run OPTIONS... -> steps/s
  local dir="$work/run-$RANDOM$RANDOM"
  # shellcheck disable=SC2068
  "$root/gan4j" train --run-dir "$dir" $@ 2>&1 | sed -n 's/.*Done:.*(\([0-9.,]*\) steps\/s.*/\1/p' | tr -d ,
  rm -rf "$dir"
}

run ${settings[0]} >/dev/null # builds if needed, warms the evaluation cache
names=("without" "${settings[@]}")
for ((r = 1; r <= rounds; r++)); do
  for i in "${!names[@]}"; do
    if [ "$i" -eq 0 ]; then v="$(run)"; else v="$(run ${names[$i]})"; fi
    echo "round $r  ${names[$i]}: $v steps/s"
    echo "$v" >>"$work/$i"
  done
done
median() { sort -n "$1" | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
base="$(median "$work/0")"
echo
for i in "${!names[@]}"; do
  m="$(median "$work/$i")"
  echo "${names[$i]}: median $m steps/s ($(sort -n "$work/$i" | tr '\n' ' ')), cost $(awk -v b="$base" -v m="$m" 'BEGIN {printf "%.1f", 100 * (1 - m / b)}') %"
done
