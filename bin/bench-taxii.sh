#!/bin/sh
# Load on the TAXII 2.1 server (dev.vigil.bench.TaxiiLoadBench): 10,000 objects, GET objects pages of
# 100 from N client threads on loopback; prints requests/s, p50/p99 and CPU per request.
#   bin/bench-taxii.sh [threads=8] [seconds=20] [warmupSeconds=5] [objects=10000] [memory|store] [writesPerSecond=0]
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bin/test-classpath.sh"
vigil_test_setup bench-taxii "$here"
exec "$JAVA_HOME/bin/java" -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$classpath" dev.vigil.bench.TaxiiLoadBench "$@"
