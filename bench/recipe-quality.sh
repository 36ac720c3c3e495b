#!/usr/bin/env bash
# Quality per recipe at fixed image budgets, and the wall time it took (docs/recipes.md): every recipe trained on
# the embedded digits (the default dataset) for BUDGET images (steps = BUDGET / the recipe's batch), one BLAS thread,
# seed 0, then `gan4j evaluate --run-dir` with the protocol (10,000 samples from noise seed 1234 against the 10,000
# digits, docs/evaluation.md). Prints a Markdown table; each run's directory is kept under OUT.
#
#   bench/recipe-quality.sh OUT
#   RECIPES="reference mlp-tuned" BUDGETS="32000 128000" bench/recipe-quality.sh OUT
#
# With TWIN=1 it also trains the PyTorch twin of mlp-tuned (torch_recipes.py's mlp_wide, through
# bench/torch_recipe_samples.py) to the same step counts and scores its samples with `gan4j evaluate --samples`:
# needs /usr/bin/python3 with torch, TORCH_RECIPES (default ../shared/reference/torch_recipes.py) and, for the same
# BLAS on both sides, OBLAS_DIR as bench/compare-pytorch.sh takes it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:?usage: bench/recipe-quality.sh OUT_DIR}"
recipes="${RECIPES-reference mlp-tuned lsgan wgan-gp dcgan sngan-hinge cgan acgan dcgan-cond}" # RECIPES="" for the twin only
budgets="${BUDGETS:-32000 128000}"
mkdir -p "$out"

batch_of() { # the recipe's batch size, from the run.json of a run that trained it
  sed -n 's/.*"batchSize" *: *\([0-9]*\).*/\1/p' "$1/run.json" | head -1
}
field() { # field NAME FILE: a number from gan4j evaluate's JSON
  sed -n "s/.*\"$1\": *\([-0-9.eE]*\).*/\1/p" "$2" | head -1
}
row() { # row NAME IMAGES STEPS SECONDS JSON
  printf '| %s | %s | %s | %s | %.3g | %.4g | %.3f | %.3f | %.3f | %.2f | %.2f |\n' "$1" "$2" "$3" "$4" \
    "$(field fid "$5")" "$(field kid "$5")" "$(field precision "$5")" "$(field recall "$5")" \
    "$(field coverage "$5")" "$(field classifierScore "$5")" "$(field nearestTraining "$5")"
}

echo "| recipe | images | steps | training s | FID | KID | precision | recall | coverage | class score | nearest training |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for r in $recipes; do
  probe="$out/$r-probe"
  if [ ! -f "$probe/run.json" ]; then
    rm -rf "$probe"
    "$root/gan4j" train --recipe "$r" --steps 1 --threads 1 --run-dir "$probe" >/dev/null 2>&1
  fi
  batch="$(batch_of "$probe")"
  for images in $budgets; do
    steps=$((images / batch))
    dir="$out/$r-$images"
    if [ ! -f "$dir/evaluation.json" ]; then
      rm -rf "$dir"
      "$root/gan4j" train --recipe "$r" --steps "$steps" --threads 1 --seed 0 --run-dir "$dir" >"$dir.log" 2>&1
      "$root/gan4j" evaluate --run-dir "$dir" --json "$dir/evaluation.json" >"$dir.eval.log" 2>&1
    fi
    seconds="$(sed -n 's/.*Done: [0-9]* steps.* in \([0-9.]*\) s.*/\1/p' "$dir.log" | tail -1)"
    row "$r" "$images" "$steps" "$seconds" "$dir/evaluation.json"
  done
done

if [ "${TWIN:-0}" = 1 ]; then
  recipes_py="${TORCH_RECIPES:-$root/../shared/reference/torch_recipes.py}"
  lib=""
  if [ -n "${OBLAS_DIR:-}" ]; then lib="$OBLAS_DIR/root/usr/lib/x86_64-linux-gnu/openblas-pthread"; fi
  at=""
  for images in $budgets; do at="$at${at:+,}$((images / 64))"; done
  twin="$out/twin-mlp_wide"
  mkdir -p "$twin"
  LD_LIBRARY_PATH="$lib" /usr/bin/python3 "$root/bench/torch_recipe_samples.py" --recipe mlp_wide --seed 0 \
    --at "$at" --out-dir "$twin" --recipes "$recipes_py" >"$twin.log" 2>&1
  for images in $budgets; do
    steps=$((images / 64))
    idx="$twin/mlp_wide-seed0-step$steps.idx"
    "$root/gan4j" evaluate --samples "$idx" --json "$twin/step$steps.json" --overwrite >"$twin/step$steps.log" 2>&1
    row "PyTorch mlp_wide" "$images" "$steps" "$(sed -n 's/train_seconds=//p' "$twin/mlp_wide-seed0-step$steps.txt")" \
      "$twin/step$steps.json"
  done
fi
