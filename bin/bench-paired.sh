#!/bin/bash
# The two-worker speed-up on a host whose cores may be shared with other tenants.
#
# Each round: a pinned single-worker probe on every vCPU (best of 3 passes), then
# `vigil bench FILE --workers 1,2` (1 and 2 workers pass by pass in turn), then the probes again.
# A round counts as "even" when all its probes are within EVEN percent of each other and of the best
# probe of the whole campaign: both cores were then about as fast as they can be, which is the
# machine the two-worker target is about. The summary gives the paired ratios of all rounds and of
# the even ones.
#
# Usage: bin/bench-paired.sh FILE [ROUNDS]
#   env: PASSES (paired passes per round, default 10), EVEN (percent, default 10)
set -euo pipefail
file=${1:?usage: bin/bench-paired.sh FILE [ROUNDS]}
rounds=${2:-10}
passes=${PASSES:-10}
even=${EVEN:-10}
here=$(cd "$(dirname "$0")/.." && pwd)
cpus=$(nproc)
log=$(mktemp "${TMPDIR:-/tmp}/bench-paired.XXXXXX")
trap 'rm -f "$log"' EXIT

probe() {
  taskset -c "$1" "$here/vigil" bench "$file" --workers 1 --warmup 1 --passes 3 2>&1 \
    | awk '/^pass/ {print $3}' | sort -g | head -1
}
probes() {
  local c out=""
  for c in $(seq 0 $((cpus - 1))); do out="$out $(probe "$c")"; done
  echo "$out"
}

for r in $(seq 1 "$rounds"); do
  before=$(probes)
  pairs=$("$here/vigil" bench "$file" --workers 1,2 --passes "$passes" 2>&1 \
    | awk '/^pass [0-9]+ \(1 workers\)/ {one[$2]=$5} /^pass [0-9]+ \(2 workers\)/ {two[$2]=$5}
           END {for (k in one) if (k in two) printf "%s/%s ", one[k], two[k]}')
  after=$(probes)
  echo "round $r $(date -u +%H:%M:%S) probes$before |$after pairs $pairs" | tee -a "$log"
done

awk -v even="$even" '
  function sortn(a, n,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t } }
  function q(a, n, f) { return a[int(f * (n - 1)) + 1] }
  {
    n = 0; lo = 1e9; hi = 0
    for (i = 5; i <= NF && $i != "pairs"; i++) if ($i != "|") { v = $i + 0; if (v < lo) lo = v; if (v > hi) hi = v }
    rlo[NR] = lo; rhi[NR] = hi; line[NR] = $0
    if (lo < best || NR == 1) best = lo
  }
  END {
    for (r = 1; r <= NR; r++) {
      split(line[r], f, " pairs ")
      m = split(f[2], ps, " ")
      ok = (rhi[r] <= rlo[r] * (1 + even / 100) && rhi[r] <= best * (1 + even / 100))
      for (k = 1; k <= m; k++) { split(ps[k], t, "/"); x = t[1] / t[2]; all[++na] = x; if (ok) ev[++ne] = x }
      if (ok) rounds++
    }
    sortn(all, na)
    printf "paired passes: %d; speed-up median %.2fx, quartiles %.2fx-%.2fx\n", na, q(all, na, .5), q(all, na, .25), q(all, na, .75)
    printf "best probe: %.3f s; even rounds (probes within %d%% of each other and of the best): %d of %d\n", best, even, rounds + 0, NR
    if (ne > 0) { sortn(ev, ne); printf "even rounds: %d paired passes; speed-up median %.2fx, quartiles %.2fx-%.2fx\n", ne, q(ev, ne, .5), q(ev, ne, .25), q(ev, ne, .75) }
  }' "$log"
