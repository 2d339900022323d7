#!/bin/sh
# What two threads can gain on this machine, next to what Vigil's two workers gain, measured round by
# round in one JVM (dev.vigil.bench.ScalingCeiling: compute only, two independent
# single-worker pipelines over the capture's halves, and 1 against 2 workers).
#   bin/bench-ceiling.sh /work/bench/mixed.pcap 30
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bin/test-classpath.sh"
vigil_test_setup bench-ceiling "$here"
# the same JVM flags as ./vigil, so the pipeline passes match `vigil bench`
exec "$JAVA_HOME/bin/java" -Xmx1g -XX:+UseParallelGC --enable-native-access=ALL-UNNAMED \
  -cp "$classpath" dev.vigil.bench.ScalingCeiling "$@"
