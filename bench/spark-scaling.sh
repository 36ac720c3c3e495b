#!/usr/bin/env bash
# Data-parallel training on Spark: time per step split into compute and the gradient all-reduce, for the reference MLP
# and DCGAN at 1 and 2 workers and per-worker batch 64 and 256, in local-cluster (a standalone master and N workers in
# the driver's JVM, one executor JVM per worker, one core each); then the ring all-reduce's own time per sum for
# 1k .. 4M floats between two executor JVMs on 127.0.0.1, whole arrays and in the ring's own chunks.
# Prints one RESULT line per configuration (steps/s, compute ms/step, all-reduce ms/step, floats per all-reduce) with
# every worker's WorkerTiming, then the ring's tables. `java bench/SparkCostModel.java T_MLP64 T_MLP256 T_DCGAN64
# T_DCGAN256` (the compute ms per step of the workers=1 rows) turns them into the docs' cost-model tables.
#
#   bench/spark-scaling.sh                                  # everything, ~7 minutes on 2 cores
#   RECIPES=reference BATCHES=64 WORKERS="1 2" bench/spark-scaling.sh
#   MLP_STEPS=2000 DCGAN_STEPS=60 RING_SIZES="1024 1048576" bench/spark-scaling.sh
#   SKIP_TRAIN=1 bench/spark-scaling.sh                     # the ring alone
#   SKIP_TRAIN=1 RING_CHUNKS="whole auto 262144 65536 16384" bench/spark-scaling.sh   # chunk sizes in bytes
#   SKIP_TRAIN=1 RING_WORKERS=3 bench/spark-scaling.sh      # the ring of 3 executor JVMs (sharing the 2 cores)
#
# Each configuration runs a warm-up job of a quarter of its steps on the same executors first (their JIT warms up),
# then the measured job. steps/s = steps / the slowest worker's wall time (network construction included);
# compute = wall time minus the time inside the exchange's sums, and the exchange's time includes any wait for a
# slower peer to reach the same sum (docs/distributed.md, "Speed and a cost model"). ND4J's bundled OpenBLAS, one
# thread per executor (OMP_NUM_THREADS=1). On a 2-core machine 2 workers share the 2 cores with the driver (mostly
# idle while training) and the OS, and each computed 1.3-2.3x slower than a lone worker there: the P = 2 numbers
# measure the machinery and the ring, not scaling.
# The benchmark class is org.gan4j.spark.SparkScalingBench (gan-spark test sources, built here with test-compile;
# nothing is installed).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
recipes="${RECIPES:-reference dcgan}"
batches="${BATCHES:-64 256}"
workers="${WORKERS:-1 2}"
mlp_steps="${MLP_STEPS:-1000}"
dcgan_steps="${DCGAN_STEPS:-24}"
ring_sizes="${RING_SIZES:-1024 4096 16384 65536 262144 1048576 4194304}"

(cd "$root" && ./mvnw -B -o -q -pl gan-spark -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test)
cp="$root/gan-spark/target/test-classes:$root/gan-spark/target/classes:$root/gan-nd4j/target/classes"
cp="$cp:$root/gan-api/target/classes:$(cat "$root/gan-spark/target/test-classpath.txt")"
# Spark 4's --add-opens list for the driver JVM (gan-spark's pom.xml, surefire argLine); Spark adds it to executors
opens=(-XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  -Dio.netty.tryReflectionSetAccessible=true)
run() {
  SPARK_LOCAL_IP=127.0.0.1 OMP_NUM_THREADS=1 java -Xmx1g "${opens[@]}" -Dgan4j.bench.ringWorkers="${RING_WORKERS:-2}" \
    -Dlog4j2.configurationFile="$root/gan-spark/src/test/resources/log4j2-test.properties" \
    -cp "$cp" org.gan4j.spark.SparkScalingBench "$@" 2>>"$log" || { echo "failed: $*, see $log" >&2; return 1; }
}
log="${LOG:-$(mktemp -t spark-scaling.XXXXXX.log)}"
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(java -version 2>&1 | head -1)"
if [ -z "${SKIP_TRAIN:-}" ]; then
  for recipe in $recipes; do
    steps=$mlp_steps; [ "$recipe" = dcgan ] && steps=$dcgan_steps
    for b in $batches; do
      for p in $workers; do
        run train "$root/data/mnist" "$recipe" "$p" "$b" "$steps" | grep -A4 '^RESULT'
      done
    done
  done
fi
# the ring: whole arrays (one message per hop, as before the chunked ring), then its own chunks (or bytes)
for chunk in ${RING_CHUNKS:-whole auto}; do
  # shellcheck disable=SC2086
  run ring "$chunk" $ring_sizes | sed -n '/^# ring/,$p'
done
