#!/usr/bin/env bash
# DCGAN's training step (batch 64, 1 thread, real MNIST) in gan4j's hand-written layers against the PyTorch recipe,
# interleaved ROUNDS times, medians compared; then where gan4j's time goes, layer by layer and kernel by kernel.
#
#   bench/dcgan-compare.sh                 # 3 rounds, 100 steps each
#   ROUNDS=5 STEPS=200 bench/dcgan-compare.sh
#
# gan4j side: org.gan4j.nd4j.bench.DcganStepBench and DcganLayerBench (gan-nd4j test sources, built here with
# test-compile; nothing is installed). PyTorch side: ../shared/reference/torch_recipes.py --recipe dcgan --bench.
# Both use Debian's OpenBLAS 0.3.21 (unpacked into ~/.cache/gan4j as compare-pytorch.sh does) unless
# GAN4J_BLAS=bundled, which gives gan4j ND4J's own 0.3.19. The environment (OPENBLAS_CORETYPE included) passes
# through untouched to both sides.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
recipes="${TORCH_RECIPES:-$root/../shared/reference/torch_recipes.py}"
mnist="${MNIST_DIR:-$root/../shared/datasets/mnist}"
python="${PYTHON:-/usr/bin/python3}"
rounds="${ROUNDS:-3}"
steps="${STEPS:-100}"

oblas="${OBLAS_DIR:-$HOME/.cache/gan4j/openblas-pthread}"
lib="$oblas/root/usr/lib/x86_64-linux-gnu/openblas-pthread"
if [ ! -f "$lib/libopenblas.so.0" ] && command -v apt-get >/dev/null 2>&1; then
  mkdir -p "$oblas"
  (cd "$oblas" && apt-get download libopenblas0-pthread >/dev/null 2>&1 && dpkg-deb -x libopenblas0-pthread_*.deb root) \
    || echo "dcgan-compare: could not fetch Debian's OpenBLAS; both sides use their default BLAS" >&2
fi
java_blas=()
torch_env=()
if [ -f "$lib/libopenblas.so.0" ]; then
  torch_env=(env "LD_LIBRARY_PATH=$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
  [ "${GAN4J_BLAS:-system}" = system ] && java_blas=(-Dorg.bytedeco.openblas.load=openblas
    -Dorg.bytedeco.javacpp.pathsFirst=true "-Djava.library.path=$lib")
fi

(cd "$root" && ./mvnw -B -o -q -pl gan-nd4j -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test)
cp="$root/gan-nd4j/target/test-classes:$root/gan-nd4j/target/classes:$root/gan-api/target/classes"
cp="$cp:$(cat "$root/gan-nd4j/target/test-classpath.txt")"
gan4j() { OPENBLAS_NUM_THREADS=1 java -Xmx2g "${java_blas[@]}" -cp "$cp" "$@"; }
result() { sed -n 's/.*steps_per_s=\([0-9.]*\).*/\1/p' | tail -n 1; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

have_torch=1
if [ ! -f "$recipes" ] || ! "$python" -c 'import torch' 2>/dev/null; then
  echo "dcgan-compare: PyTorch or $recipes missing (Debian: apt-get install -y python3-torch): gan4j only"
  have_torch=0
fi
echo "dcgan-compare: $rounds rounds of $steps steps, OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}," \
  "gan4j BLAS: ${java_blas[*]:-bundled}"
gs=(); ps=()
for r in $(seq "$rounds"); do
  g=$(gan4j org.gan4j.nd4j.bench.DcganStepBench "$mnist" "$steps" 20 2>/dev/null | result)
  gs+=("$g")
  p=0
  if [ "$have_torch" = 1 ]; then
    p=$(cd "$(dirname "$recipes")" && "${torch_env[@]}" "$python" "$recipes" --recipe dcgan --bench --threads 1 \
      --steps "$steps" --warmup 20 2>/dev/null | result)
  fi
  ps+=("$p")
  echo "  round $r: gan4j $g steps/s, pytorch $p steps/s"
done
gm=$(printf '%s\n' "${gs[@]}" | median)
pm=$(printf '%s\n' "${ps[@]}" | median)
echo "median: gan4j $gm steps/s, pytorch $pm steps/s, ratio $(awk -v a="$gm" -v b="$pm" 'BEGIN { print (b > 0) ? a / b : 0 }')"
gan4j org.gan4j.nd4j.bench.DcganLayerBench 64 30 2>/dev/null | grep -v INFO | sed -n '/DCGAN layers/,$p'
