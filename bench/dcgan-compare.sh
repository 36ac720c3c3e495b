#!/usr/bin/env bash
# DCGAN's training step against the PyTorch recipe, then where gan4j's time goes, layer by layer.
#
#   bench/dcgan-compare.sh                 # 3 interleaved rounds of 60 steps, 1 thread
#   ROUNDS=5 RECIPE_STEPS=200 bench/dcgan-compare.sh
#
# The step: compare-pytorch.sh's recipe comparison (`gan4j bench --recipe dcgan`, the library's real step, against
# torch_recipes.py --recipe dcgan --bench), with the same OpenBLAS on both sides. The breakdown:
# org.gan4j.nd4j.bench.DcganLayerBench (gan-nd4j test sources, built here with test-compile; nothing is installed),
# on the same OpenBLAS unless GAN4J_BLAS=bundled.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

ROUNDS="${ROUNDS:-3}" BATCHES="" THREADS="${THREADS:-1}" RECIPES=dcgan "$root/bench/compare-pytorch.sh"

oblas="${OBLAS_DIR:-$HOME/.cache/gan4j/openblas-pthread}"   # fetched by compare-pytorch.sh when apt-get can
lib="$oblas/root/usr/lib/x86_64-linux-gnu/openblas-pthread"
java_blas=()
if [ -f "$lib/libopenblas.so.0" ] && [ "${GAN4J_BLAS:-system}" = system ]; then
  java_blas=(-Dorg.bytedeco.openblas.load=openblas -Dorg.bytedeco.javacpp.pathsFirst=true "-Djava.library.path=$lib")
fi
(cd "$root" && ./mvnw -B -o -q -pl gan-nd4j -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test)
cp="$root/gan-nd4j/target/test-classes:$root/gan-nd4j/target/classes:$root/gan-api/target/classes"
cp="$cp:$(cat "$root/gan-nd4j/target/test-classpath.txt")"
echo
OPENBLAS_NUM_THREADS=1 java -Xmx2g "${java_blas[@]}" -cp "$cp" org.gan4j.nd4j.bench.DcganLayerBench 64 30 2>/dev/null \
  | grep -v INFO | sed -n '/DCGAN layers/,$p'
