#!/bin/sh
# Runs the JMH micro-benchmarks (src/test/java/dev/vigil/bench/*Benchmark): compiles the test classes,
# resolves the test classpath once (target/jmh.classpath), and starts dev.vigil.bench.JmhMain with the
# given JMH arguments, e.g.
#   bin/jmh.sh                                  # all benchmarks, their own warm-up/measurement settings
#   bin/jmh.sh Decode -f 1 -wi 2 -i 3           # one class, shorter
#   bin/jmh.sh FlowTable -p flows=100000 -rf json -rff target/jmh.json
#   bin/jmh.sh -l                               # list
# The frame mix comes from the corpus ($VIGIL_CORPUS or ../shared/corpus); JMH_OPTS adds JVM flags to
# the launcher JVM, e.g. JMH_OPTS=-Dvigil.bench.pcap=/path/unit.pcap (JMH passes -D to its forks).
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bin/test-classpath.sh"
vigil_test_setup jmh "$here"
exec "$JAVA_HOME/bin/java" ${JMH_OPTS:-} --enable-native-access=ALL-UNNAMED \
  -cp "$classpath" dev.vigil.bench.JmhMain "$@"
