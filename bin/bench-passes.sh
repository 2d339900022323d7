#!/bin/bash
# Runs `vigil bench` several times and summarises all timed passes: minimum, first quartile, median.
# On a machine whose cores are shared with other tenants, the minimum and the first quartile of many
# passes say more about the code than one run's median; interleave the variants you compare.
#
# Usage: bin/bench-passes.sh FILE RUNS WORKERS [JVM options...]
#   e.g. bin/bench-passes.sh /work/bench/mixed.pcap 3 2
set -euo pipefail
file=${1:?usage: bin/bench-passes.sh FILE RUNS WORKERS [JVM options...]}
runs=${2:?runs}
workers=${3:?workers}
shift 3
here=$(cd "$(dirname "$0")/.." && pwd)
for _ in $(seq 1 "$runs"); do
  VIGIL_JAVA_OPTS="-Xmx1g $*" "$here/vigil" bench "$file" --workers "$workers" --passes 5 2>&1 | awk '/^pass/ {print $3}'
done | sort -g | awk '{a[NR]=$1} END {if (NR == 0) {print "no passes"; exit 1}
  printf "passes %d  min %.3f s  p25 %.3f s  median %.3f s\n", NR, a[1], a[int(NR/4)+1], a[int(NR/2)+1]}'
