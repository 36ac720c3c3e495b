#!/usr/bin/env bash
# Compares gan4j's training step with the PyTorch reference on this machine: both benchmarks run interleaved,
# ROUNDS times per configuration, on real MNIST batches, and the medians are compared.
#
#   bench/compare-pytorch.sh                  # batch 32 and 256, 1 and 2 threads, 3 rounds
#   ROUNDS=5 BATCHES="32" THREADS="1" bench/compare-pytorch.sh
#   RECIPES="dcgan" BATCHES="" THREADS="1 2" bench/compare-pytorch.sh   # a recipe's step against its PyTorch twin
#   RECIPES="mlp-tuned wgan-gp" BATCHES="" bench/compare-pytorch.sh      # (wgan-gp: per twin step, 5 critic updates)
#
# PyTorch side: ../shared/reference/torch_step_bench.py (override with TORCH_BENCH=...), run with Debian's
# /usr/bin/python3 and python3-torch, and with Debian's OpenBLAS put in front as that script's header describes
# (Debian's torch otherwise links the slow reference BLAS). Skips, with a message, where PyTorch is missing.
# The environment passes through untouched (OPENBLAS_CORETYPE included) to both sides.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
torch_bench="${TORCH_BENCH:-$root/../shared/reference/torch_step_bench.py}"
python="${PYTHON:-/usr/bin/python3}"
rounds="${ROUNDS:-3}"
batches="${BATCHES-32 256}"
threads_list="${THREADS:-1 2}"

if [ ! -f "$torch_bench" ]; then
  echo "compare-pytorch: SKIPPED: the PyTorch reference benchmark is not at $torch_bench (set TORCH_BENCH)"
  exit 0
fi
if ! "$python" -c 'import torch' 2>/dev/null; then
  echo "compare-pytorch: SKIPPED: PyTorch is not installed for $python (Debian: apt-get install -y python3-torch)"
  exit 0
fi

# Debian's OpenBLAS for torch, unpacked (not installed) into a cache directory, as the reference script describes.
oblas="${OBLAS_DIR:-$HOME/.cache/gan4j/openblas-pthread}"
lib="$oblas/root/usr/lib/x86_64-linux-gnu/openblas-pthread"
if [ ! -f "$lib/libopenblas.so.0" ] && command -v apt-get >/dev/null 2>&1; then
  mkdir -p "$oblas"
  (cd "$oblas" && apt-get download libopenblas0-pthread >/dev/null 2>&1 && dpkg-deb -x libopenblas0-pthread_*.deb root) \
    || echo "compare-pytorch: could not fetch Debian's OpenBLAS; PyTorch runs with its default BLAS" >&2
fi
torch_env=()
gan4j_blas=(--blas bundled)
if [ -f "$lib/libopenblas.so.0" ]; then
  torch_env=(env "LD_LIBRARY_PATH=$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
  # The same OpenBLAS on both sides, unless GAN4J_BLAS=bundled asks for ND4J's own 0.3.19.
  [ "${GAN4J_BLAS:-system}" = system ] && gan4j_blas=(--blas system --blas-dir "$lib")
fi

"$root/gan4j" --version >/dev/null  # build once, outside the timings

steps_for() { [ "$1" -ge 256 ] && echo 500 || echo 2000; }
result() { sed -n 's/.*steps_per_s=\([0-9.]*\).*/\1/p' | tail -n 1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { print (b > 0) ? a / b : 0 }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A g4 pt
echo "compare-pytorch: $rounds rounds, batches [$batches], threads [$threads_list], OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}"
echo "  gan4j: ${gan4j_blas[*]}; pytorch: $("$python" -c 'import torch; print(torch.__version__)') with ${torch_env[*]:-its default BLAS}"
for b in $batches; do
  for t in $threads_list; do
    n=$(steps_for "$b")
    gs=(); ps=()
    for r in $(seq "$rounds"); do
      g=$("$root/gan4j" bench "${gan4j_blas[@]}" --batch "$b" --threads "$t" --steps "$n" 2>/dev/null | result)
      p=$("${torch_env[@]}" "$python" "$torch_bench" --threads "$t" --batch "$b" --steps "$n" --variant detach 2>/dev/null | result)
      echo "  round $r batch $b threads $t: gan4j $g steps/s, pytorch $p steps/s"
      gs+=("$g"); ps+=("$p")
    done
    g4[$b,$t]=$(printf '%s\n' "${gs[@]}" | median)
    pt[$b,$t]=$(printf '%s\n' "${ps[@]}" | median)
  done
done

echo
printf '%-6s %-8s %14s %16s %7s\n' batch threads gan4j_steps/s pytorch_steps/s ratio
for b in $batches; do
  for t in $threads_list; do
    printf '%-6s %-8s %14.1f %16.1f %6.2fx\n' "$b" "$t" "${g4[$b,$t]}" "${pt[$b,$t]}" \
      "$(ratio "${g4[$b,$t]}" "${pt[$b,$t]}")"
  done
  best_g=$(for t in $threads_list; do echo "${g4[$b,$t]}"; done | sort -g | tail -n 1)
  best_p=$(for t in $threads_list; do echo "${pt[$b,$t]}"; done | sort -g | tail -n 1)
  printf '%-6s %-8s %14.1f %16.1f %6.2fx\n' "$b" best "$best_g" "$best_p" "$(ratio "$best_g" "$best_p")"
done

# Recipes (RECIPES="dcgan"; empty by default above, since a DCGAN round takes minutes): gan4j's `bench --recipe NAME`
# against torch_recipes.py's `--bench` twin, at the recipe's own batch size, interleaved the same way.
recipes="${RECIPES:-}"
torch_recipes="${TORCH_RECIPES:-$root/../shared/reference/torch_recipes.py}"
[ -z "$recipes" ] && exit 0
if [ ! -f "$torch_recipes" ]; then
  echo "compare-pytorch: SKIPPED recipes: no $torch_recipes (set TORCH_RECIPES)"
  exit 0
fi
recipe_steps="${RECIPE_STEPS:-60}"
recipe_warmup="${RECIPE_WARMUP:-10}"
declare -A rg rp
echo
echo "recipes: $rounds rounds, [$recipes], threads [$threads_list], $recipe_steps steps after $recipe_warmup warm-up"
# The twin of a gan4j recipe in torch_recipes.py.
torch_name() { case "$1" in mlp-tuned) echo mlp_wide ;; *) echo "${1//-/_}" ;; esac; }
# gan4j steps per step of the twin: a gan4j step is one critic update, the twin's wgan_gp step is 5 critic updates
# and a generator update, so gan4j runs 5x the steps and its rate is divided by 5 (reported per twin step).
per_twin_step() { case "$1" in wgan-gp) echo 5 ;; *) echo 1 ;; esac; }
for name in $recipes; do
  for t in $threads_list; do
    gs=(); ps=()
    for r in $(seq "$rounds"); do
      k=$(per_twin_step "$name")
      g=$("$root/gan4j" bench "${gan4j_blas[@]}" --recipe "$name" --threads "$t" --steps $((recipe_steps * k)) \
        --warmup $((recipe_warmup * k)) 2>/dev/null | result | awk -v k="$k" '{ printf "%.2f", $1 / k }')
      p=$("${torch_env[@]}" "$python" "$torch_recipes" --recipe "$(torch_name "$name")" --bench --threads "$t" \
        --steps "$recipe_steps" --warmup "$recipe_warmup" 2>/dev/null | result)
      echo "  round $r $name threads $t: gan4j $g steps/s, pytorch $p steps/s"
      gs+=("$g"); ps+=("$p")
    done
    rg[$name,$t]=$(printf '%s\n' "${gs[@]}" | median)
    rp[$name,$t]=$(printf '%s\n' "${ps[@]}" | median)
  done
done
echo
printf '%-10s %-8s %14s %16s %7s\n' recipe threads gan4j_steps/s pytorch_steps/s ratio
for name in $recipes; do
  for t in $threads_list; do
    printf '%-10s %-8s %14.2f %16.2f %6.2fx\n' "$name" "$t" "${rg[$name,$t]}" "${rp[$name,$t]}" \
      "$(ratio "${rg[$name,$t]}" "${rp[$name,$t]}")"
  done
done
