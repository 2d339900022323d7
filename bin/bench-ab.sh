#!/bin/bash
# Compares two builds of Vigil on one capture: runs `vigil bench` with each jar in turn, ROUNDS times,
# and prints each run's median pass and, at the end, the median of those per jar. Alternating the jars
# run by run means both see the same host state (on a shared VM that drifts over minutes).
#
# Usage: bin/bench-ab.sh FILE JAR_A JAR_B ROUNDS [WORKERS [BENCH OPTIONS...]]
#   e.g. bin/bench-ab.sh /work/bench/mixed.pcap A.jar B.jar 4 1 -S ../shared/corpus/rules/et-open
#   e.g. git worktree add /tmp/base HEAD~1 && (cd /tmp/base && ./mvnw -q package -DskipTests)
#        bin/bench-ab.sh /work/bench/mixed.pcap /tmp/base/target/vigil.jar target/vigil.jar 6
set -euo pipefail
file=${1:?usage: bin/bench-ab.sh FILE JAR_A JAR_B ROUNDS [WORKERS]}
a=${2:?jar A}
b=${3:?jar B}
rounds=${4:?rounds}
workers=${5:-1}
shift $(( $# < 5 ? $# : 5 ))
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bin/find-jdk.sh"
java="$(vigil_find_jdk)/bin/java"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for r in $(seq 1 "$rounds"); do
  for jar in "$a" "$b"; do
    m=$("$java" -Xmx1g -XX:+UseParallelGC --enable-native-access=ALL-UNNAMED -Dslf4j.internal.verbosity=ERROR \
      -jar "$jar" bench "$file" "$@" --workers "$workers" --warmup 2 --passes 5 2>&1 | awk '/^median pass:/ {print $3}')
    [ "$jar" = "$a" ] && k=A || k=B
    echo "round $r $k $m"
    echo "$k $m" >> "$out"
  done
done
size=$(stat -c %s "$file")
for k in A B; do
  awk -v k="$k" '$1 == k {print $2}' "$out" | sort -g | awk -v k="$k" -v size="$size" '{v[NR]=$1}
    END {m = NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2
         printf "%s: %d runs, median of run medians %.3f s (%.1f MB/s), best %.3f s\n", k, NR, m, size / m / 1e6, v[1]}'
done
